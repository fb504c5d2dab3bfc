package dev.atelier.core.tenancy;

public record AddMember(String email, String role) {}
