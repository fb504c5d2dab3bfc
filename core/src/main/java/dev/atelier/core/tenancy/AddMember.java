package dev.atelier.core.tenancy;

/** A registered user to add to the workspace, by e-mail, with a role. */
public record AddMember(String email, String role) {}
