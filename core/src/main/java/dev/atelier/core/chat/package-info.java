/**
 * Chat: a conversation with an agent about a project, streamed to the client as server-sent events
 * (or over a WebSocket). Each turn is a run of the agent with trigger {@code chat}, so a turn keeps
 * going when the client goes away and its answer is in the history.
 */
package dev.atelier.core.chat;
