package dev.atelier.plugin.api.web;

import java.util.List;

/**
 * One page of a list: {@code {items, total, limit, offset}}.
 *
 * @since 1.0.0
 */
public record Page<T>(List<T> items, long total, int limit, int offset) {}
