package dev.atelier.plugins.marketplace;

import java.time.Instant;

/** An item in the workspace's library: what it paid and when. */
public record LibraryView(ItemView item, long priceCredits, Instant acquiredAt) {}
