package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;

/**
 * Where a message goes: a channel and, for a reply, the thread.
 *
 * @since 1.0.0
 */
@Incubating
public record ChatDestination(String channel, String thread) {}
