package dev.atelier.plugin.api;

import dev.atelier.plugin.api.web.Role;

/**
 * Who made a call: a user acting in the session's tenant with a role, directly or through one of
 * their API keys.
 *
 * @param userId the user's id
 * @param email the user's e-mail address
 * @param role the live role in the tenant (for an API key, at most its owner's)
 * @param viaApiKey whether an API key made the call
 * @since 1.0.0
 */
public record CallerInfo(String userId, String email, Role role, boolean viaApiKey) {}
