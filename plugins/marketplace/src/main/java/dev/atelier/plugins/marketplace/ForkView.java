package dev.atelier.plugins.marketplace;

/** The agent a fork made in the caller's workspace. */
public record ForkView(String agent, String itemId, String version) {}
