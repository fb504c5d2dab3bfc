package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;

/**
 * The state of a deployment on its target: {@code state} is {@code queued}, {@code building},
 * {@code ready}, {@code failed} or {@code cancelled}; {@code url} is set once it serves.
 *
 * @since 1.0.0
 */
@Incubating
public record DeploymentStatus(String reference, String state, String url, String message) {}
