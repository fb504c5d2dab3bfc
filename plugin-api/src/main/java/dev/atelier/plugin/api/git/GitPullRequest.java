package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * A pull request (GitHub, Bitbucket) or merge request (GitLab) the host opened.
 *
 * @since 1.0.0
 */
@Incubating
public record GitPullRequest(String id, int number, String htmlUrl) {}
