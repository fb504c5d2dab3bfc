package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A remote of a project's repository. */
@Schema(description = "A remote of a project's repository")
public record RemoteView(
    @Schema(description = "Its name, such as origin") String name,
    @Schema(description = "Its http or https URL") String url,
    @Schema(description = "The project secret holding its access token", nullable = true)
        String secret,
    @Schema(description = "The user name sent with the token", nullable = true) String username) {}
