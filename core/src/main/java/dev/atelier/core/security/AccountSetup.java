package dev.atelier.core.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation on one's own account that a signed-in user may call before the account meets the
 * server's and the workspace's requirements: before confirming the e-mail address (when {@code
 * ATELIER_AUTH_REQUIRE_VERIFIED_EMAIL} is on) and before enrolling a second factor (in a workspace
 * that requires one). Verifying, reading and changing the own account, enrolling, switching
 * workspace and signing out are such operations.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AccountSetup {}
