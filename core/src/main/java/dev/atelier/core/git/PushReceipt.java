package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What a push delivery did")
public record PushReceipt(
    @Schema(
            description =
                "pulled; queued (behind another git task of the project); duplicate; ignored"
                    + " (another event or branch)")
        String outcome,
    @Schema(description = "The pull task, when one started", nullable = true) String taskId) {}
