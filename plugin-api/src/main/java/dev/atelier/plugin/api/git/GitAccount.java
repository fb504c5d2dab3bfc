package dev.atelier.plugin.api.git;

/**
 * The account a git connection acts as.
 *
 * @since 1.0.0
 */
public record GitAccount(String id, String login, String name) {}
