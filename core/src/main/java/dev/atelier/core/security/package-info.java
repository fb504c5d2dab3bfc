/**
 * Authentication and authorisation: the master key and what derives from it, Argon2id passwords,
 * ES256 access tokens with their persisted signing keys, API keys, the live principal lookup and
 * the request filter that enforces credentials, roles and rate limits.
 */
package dev.atelier.core.security;
