package dev.atelier.core.gitproviders;

import dev.atelier.plugin.api.git.GitRepository;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A repository on a git host. */
@Schema(description = "A repository on a git host")
public record RepoView(
    @Schema(description = "The host's id of it") String id,
    @Schema(description = "owner/name") String fullName,
    @Schema(description = "Its default branch", nullable = true) String defaultBranch,
    @Schema(description = "Whether it is private") boolean isPrivate,
    @Schema(description = "The URL to clone it over https") String cloneUrl,
    @Schema(description = "Its web page") String htmlUrl) {

  static RepoView of(GitRepository r) {
    return new RepoView(
        r.id(), r.fullName(), r.defaultBranch(), r.isPrivate(), r.cloneUrl(), r.webUrl());
  }
}
