package dev.atelier.plugin.api.git;

/**
 * A repository on a git host.
 *
 * @since 1.0.0
 */
public record GitRepository(
    String id,
    String fullName,
    String defaultBranch,
    boolean isPrivate,
    String cloneUrl,
    String webUrl) {}
