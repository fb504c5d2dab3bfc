package dev.atelier.core.mail;

/** A rendered mail: its subject, plain-text body and HTML body. */
public record MailMessage(String subject, String text, String html) {}
