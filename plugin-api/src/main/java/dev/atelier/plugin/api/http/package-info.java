/**
 * Guarded outbound HTTP for plugins, and what plugins that call outside APIs share: reading
 * server-sent events ({@link dev.atelier.plugin.api.http.SseReader}), lenient JSON ({@link
 * dev.atelier.plugin.api.http.JsonValues}, since 1.1.0) and a model provider's calls and failures
 * ({@link dev.atelier.plugin.api.http.ProviderHttp}, since 1.1.0).
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.http;
