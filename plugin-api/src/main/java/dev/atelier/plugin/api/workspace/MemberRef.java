package dev.atelier.plugin.api.workspace;

import dev.atelier.plugin.api.web.Role;

/**
 * A member of the session's tenant.
 *
 * @since 1.0.0
 */
public record MemberRef(String userId, String email, String name, Role role) {}
