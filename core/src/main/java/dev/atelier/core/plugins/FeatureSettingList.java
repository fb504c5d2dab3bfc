package dev.atelier.core.plugins;

import java.util.List;

/** The platform settings of the features. */
public record FeatureSettingList(List<FeatureSettingView> items) {}
