package dev.atelier.core.tenancy;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An invitation to the workspace. {@code token} is given only in the answer that creates it (to
 * pass the invitation on another way; only the invited address can accept it), null elsewhere.
 */
public record InvitationView(
    String id,
    String email,
    String role,
    @Schema(nullable = true) String invitedBy,
    Instant createdAt,
    Instant expiresAt,
    @Schema(nullable = true) String token) {}
