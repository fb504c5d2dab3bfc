package dev.atelier.core.tenancy;

public record CreateTenant(String name, String slug) {}
