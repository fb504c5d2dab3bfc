package dev.atelier.core.tenancy;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an invitation's link shows before it is accepted: the workspace, who invites, the role. */
public record InvitationPreview(
    String workspaceName,
    @Schema(nullable = true) String inviterName,
    String role,
    String email,
    Instant expiresAt) {}
