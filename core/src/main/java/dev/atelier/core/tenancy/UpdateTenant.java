package dev.atelier.core.tenancy;

public record UpdateTenant(String name, String slug) {}
