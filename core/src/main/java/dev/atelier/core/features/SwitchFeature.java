package dev.atelier.core.features;

/** A feature's new state for the workspace. */
public record SwitchFeature(Boolean enabled) {}
