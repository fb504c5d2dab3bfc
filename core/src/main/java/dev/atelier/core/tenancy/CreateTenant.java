package dev.atelier.core.tenancy;

/** A new workspace; a slug is made up when absent. */
public record CreateTenant(String name, String slug) {}
