package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * A verified push webhook: the host's delivery id (for deduplication), the repository by {@code
 * owner/name}, the branch pushed to and the commit it now points at.
 *
 * @since 1.0.0
 */
@Incubating
public record GitPush(String deliveryId, String repository, String branch, String after) {}
