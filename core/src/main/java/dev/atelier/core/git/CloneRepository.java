package dev.atelier.core.git;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Clones a remote repository into a project whose files are empty. */
@Schema(description = "Clone a repository into a project whose files are empty (a background task)")
public record CloneRepository(
    @Schema(description = "The project, by id or slug") String projectId,
    @Schema(description = "The repository's http or https URL, without credentials") String url,
    @Schema(
            description = "The branch to check out; the remote's default when absent",
            nullable = true)
        String branch,
    @Schema(
            description =
                "The name of a project secret holding the access token (admins only); the remote"
                    + " keeps it for push and pull",
            nullable = true)
        String secret,
    @Schema(description = "The user name sent with the token; git when absent", nullable = true)
        String username,
    @Schema(
            description =
                "A git provider (such as github) whose connection of the caller gives the"
                    + " credentials, kept by the remote for push and pull; not with secret",
            nullable = true)
        String provider) {}
