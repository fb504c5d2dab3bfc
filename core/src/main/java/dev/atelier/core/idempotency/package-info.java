/** Idempotency-Key support for every POST, safe under concurrent retries across nodes. */
package dev.atelier.core.idempotency;
