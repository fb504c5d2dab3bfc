package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * A repository on a git host.
 *
 * @since 1.0.0
 */
@Incubating
public record GitRepository(
    String id,
    String fullName,
    String defaultBranch,
    boolean isPrivate,
    String cloneUrl,
    String webUrl) {}
