package dev.atelier.plugin.api.marketplace;

import dev.atelier.plugin.api.Incubating;

/**
 * An item of a marketplace source: {@code kind} is {@code agent} or {@code base}; {@code
 * priceCents} 0 for free.
 *
 * @since 1.0.0
 */
@Incubating
public record MarketplaceItem(
    String slug, String kind, String name, String description, String author, long priceCents) {}
