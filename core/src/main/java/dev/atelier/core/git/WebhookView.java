package dev.atelier.core.git;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A project's push webhook link; the secret only in the answer that made it")
public record WebhookView(
    String projectId,
    String provider,
    String repository,
    @Schema(nullable = true) String branch,
    @Schema(description = "The payload URL to configure at the host") String url,
    @Schema(description = "The secret to configure at the host; shown once", nullable = true)
        String secret,
    Instant createdAt) {}
