/**
 * The {@code anthropic} model provider: the Anthropic Messages API ({@code POST /v1/messages}),
 * called with the JDK's {@code HttpClient}, streamed as server-sent events, with JSON through
 * Jakarta JSON Processing. {@link dev.atelier.plugins.model.anthropic.AnthropicProvider} is the
 * extension; {@link dev.atelier.plugins.model.anthropic.AnthropicClient} does the HTTP, {@link
 * dev.atelier.plugins.model.anthropic.MessagesRequests} writes the request, {@link
 * dev.atelier.plugin.api.http.SseReader} reads the stream and {@link
 * dev.atelier.plugins.model.anthropic.MessageStream} turns its events into text, tool calls and
 * usage.
 */
package dev.atelier.plugins.model.anthropic;
