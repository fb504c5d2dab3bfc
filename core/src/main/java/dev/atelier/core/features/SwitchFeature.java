package dev.atelier.core.features;

public record SwitchFeature(Boolean enabled) {}
