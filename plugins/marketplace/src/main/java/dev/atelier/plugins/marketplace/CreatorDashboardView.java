package dev.atelier.plugins.marketplace;

/**
 * The totals of a workspace as a creator: its items that are not deleted, their installs and
 * rating, and its sales (credits and Stripe payments) with the credits they brought.
 */
public record CreatorDashboardView(
    long items, long installs, long sales, long revenueCredits, long ratingCount, double rating) {}
