package dev.atelier.core.plugins;

/** A new platform setting of a feature. */
public record PutFeatureSetting(Boolean enabledByDefault, Boolean tenantCanToggle) {}
