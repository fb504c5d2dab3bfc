package dev.atelier.core.api;

import java.util.List;

/** One page of a list: {@code {items, total, limit, offset}}. */
public record Page<T>(List<T> items, long total, int limit, int offset) {}
