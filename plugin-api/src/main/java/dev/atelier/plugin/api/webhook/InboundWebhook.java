package dev.atelier.plugin.api.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook delivery as received: header names in lower case, the raw body bytes (signatures are
 * computed over them), the query parameters.
 *
 * @since 1.0.0
 */
public record InboundWebhook(
    Map<String, List<String>> headers, byte[] body, Map<String, List<String>> query) {

  public InboundWebhook {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
