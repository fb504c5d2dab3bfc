package dev.atelier.core.features;

import java.util.List;

/** The list of features. */
public record FeatureList(List<FeatureView> items) {}
