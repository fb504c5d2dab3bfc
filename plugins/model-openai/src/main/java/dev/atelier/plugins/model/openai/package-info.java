/**
 * The {@code openai} model provider: any OpenAI-compatible chat-completions API (OpenAI, vLLM,
 * Ollama, LiteLLM, OpenRouter) at a configurable base URL, called with the JDK's {@code
 * HttpClient}, streamed as server-sent events, with JSON through Jakarta JSON Processing. {@link
 * dev.atelier.plugins.model.openai.OpenAiProvider} is the extension; {@link
 * dev.atelier.plugins.model.openai.OpenAiClient} does the HTTP, {@link
 * dev.atelier.plugins.model.openai.ChatRequests} writes the request, {@link
 * dev.atelier.plugin.api.http.SseReader} reads the stream and {@link
 * dev.atelier.plugins.model.openai.ChatStream} turns its chunks into text, tool calls and usage.
 */
package dev.atelier.plugins.model.openai;
