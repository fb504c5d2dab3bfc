/**
 * Model providers: chat completions with streaming and tool calls.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.model;
