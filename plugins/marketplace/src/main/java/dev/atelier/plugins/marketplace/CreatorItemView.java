package dev.atelier.plugins.marketplace;

/** One of the workspace's published items with its sales. */
public record CreatorItemView(ItemView item, long installs, long sales, long revenueCredits) {}
