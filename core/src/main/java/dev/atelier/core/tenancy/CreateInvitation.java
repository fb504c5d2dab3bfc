package dev.atelier.core.tenancy;

/** An address to invite to the workspace, with the role it will have. */
public record CreateInvitation(String email, String role) {}
