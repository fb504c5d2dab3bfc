package dev.atelier.core.accounts.providers;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A provider identity linked to the signed-in account. */
public record IdentityView(
    @Schema(description = "The provider's id, as GET /auth/providers lists it", example = "github")
        String provider,
    @Schema(description = "The account's subject (user id) at the provider") String subject,
    @Schema(description = "The address the provider named last", nullable = true) String email,
    @Schema(description = "When the identity was linked") Instant linkedAt,
    @Schema(description = "When it was last used to sign in or linked") Instant lastSignInAt) {}
