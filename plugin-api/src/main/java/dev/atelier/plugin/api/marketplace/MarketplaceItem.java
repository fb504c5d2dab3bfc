package dev.atelier.plugin.api.marketplace;

/**
 * An item of a marketplace source: {@code kind} is {@code agent} or {@code base}; {@code
 * priceCents} 0 for free.
 *
 * @since 1.0.0
 */
public record MarketplaceItem(
    String slug, String kind, String name, String description, String author, long priceCents) {}
