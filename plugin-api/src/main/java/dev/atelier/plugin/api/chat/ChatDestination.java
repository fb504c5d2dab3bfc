package dev.atelier.plugin.api.chat;

/**
 * Where a message goes: a channel and, for a reply, the thread.
 *
 * @since 1.0.0
 */
public record ChatDestination(String channel, String thread) {}
