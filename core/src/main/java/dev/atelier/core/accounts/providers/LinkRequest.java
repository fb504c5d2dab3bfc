package dev.atelier.core.accounts.providers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Starting to link a provider to the signed-in account. */
public record LinkRequest(
    @Schema(
            description =
                "Where to send the browser back after the link (an allowed origin), with"
                    + " ?linked=<provider>; without it the callback answers the linked identity",
            nullable = true)
        String redirectUri) {}
