package dev.atelier.plugin.api.web;

/**
 * One field's problem in a validation error: the snake_case field name (a dotted path inside nested
 * objects) and a human message.
 *
 * @since 1.0.0
 */
public record FieldError(String field, String message) {}
