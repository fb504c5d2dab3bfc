package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * The account a git connection acts as.
 *
 * @since 1.0.0
 */
@Incubating
public record GitAccount(String id, String login, String name) {}
