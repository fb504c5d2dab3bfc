/**
 * Mail: messages rendered from a text and an HTML template each, queued in the database in the
 * transaction of their cause and sent over SMTP (Jakarta Mail, the server's implementation) through
 * the transactional outbox, so a mail server that is away delays mail and loses none; without SMTP
 * configured each mail is written to the server log.
 */
package dev.atelier.core.mail;
