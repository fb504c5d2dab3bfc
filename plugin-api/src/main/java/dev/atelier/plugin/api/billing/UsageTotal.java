package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * Consumption of one group (a day {@code YYYY-MM-DD}, an agent or a model): the credits charged,
 * the model calls and their tokens.
 *
 * @since 1.1.0
 */
@Incubating
public record UsageTotal(
    String key, long credits, long calls, long tokensInput, long tokensOutput) {}
