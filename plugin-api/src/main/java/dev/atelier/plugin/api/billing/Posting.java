package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * What a billing plugin appends to a ledger: a {@code kind} ({@code grant}, {@code purchase},
 * {@code refund} or {@code adjustment}), a signed amount of credits (a refund is negative), a
 * reference that makes the posting count once (the provider's invoice, charge or refund id) and a
 * description.
 *
 * @since 1.1.0
 */
@Incubating
public record Posting(String kind, long amount, String reference, String description) {}
