package dev.atelier.core.tenancy;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A workspace's new name or slug, and whether its members must sign in with a second factor; absent
 * (null) ones stay.
 */
public record UpdateTenant(
    String name, String slug, @Schema(nullable = true) Boolean require_2fa) {}
