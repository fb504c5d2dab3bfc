package dev.atelier.core.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST that creates nothing a retry could duplicate and whose answer must never be replayed
 * (sign-in, token refresh, sign-out, tenant switch): an {@code Idempotency-Key} sent to it is
 * ignored.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotIdempotent {}
