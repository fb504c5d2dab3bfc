package dev.atelier.plugin.api.workspace;

/**
 * A project of the session's tenant.
 *
 * @since 1.0.0
 */
public record ProjectRef(String id, String slug, String name) {}
