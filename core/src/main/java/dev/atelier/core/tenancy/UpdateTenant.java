package dev.atelier.core.tenancy;

/** A workspace's new name or slug; absent (null) ones stay. */
public record UpdateTenant(String name, String slug) {}
