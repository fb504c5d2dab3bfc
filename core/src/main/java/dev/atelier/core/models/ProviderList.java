package dev.atelier.core.models;

import java.util.List;

/** The list of providers. */
public record ProviderList(List<ProviderView> items) {}
