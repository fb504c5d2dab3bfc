package dev.atelier.core.accounts;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A new account. */
public record RegisterRequest(
    String email,
    String password,
    String name,
    @Schema(nullable = true, description = "An invitation to this address, accepted on the way")
        String invitationToken) {}
