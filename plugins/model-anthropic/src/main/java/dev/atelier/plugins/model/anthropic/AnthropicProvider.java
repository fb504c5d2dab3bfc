package dev.atelier.plugins.model.anthropic;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.model.ModelCredentials;
import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelProvider;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * The {@code anthropic} model provider. Tenants give an API key only: the base URL is the server's
 * ({@code atelier.plugin.model-anthropic.base-url}, default {@code https://api.anthropic.com}, for
 * an operator's proxy), not a tenant's. Settings: {@code base-url}, {@code timeout-seconds}
 * (default 120: the wait for the answer to start and the longest silence inside the stream), {@code
 * max-tokens} (default 4096, used when a request sets none: the API requires it).
 */
@Extension
public class AnthropicProvider implements ModelProvider {

  /** The default base URL. */
  static final String ANTHROPIC = "https://api.anthropic.com";

  private final AnthropicClient client;

  public AnthropicProvider(PluginContext context) {
    this.client =
        new AnthropicClient(
            context.config().get("base-url", ANTHROPIC),
            Duration.ofSeconds(context.config().getInt("timeout-seconds", 120)),
            context.config().getInt("max-tokens", 4096));
  }

  @Override
  public String id() {
    return "anthropic";
  }

  @Override
  public String displayName() {
    return "Anthropic";
  }

  @Override
  public List<String> models(ModelCredentials credentials) throws ModelException {
    return client.models(credentials.apiKey());
  }

  @Override
  public ModelResponse complete(
      ModelCredentials credentials, ModelRequest request, StreamHandler stream)
      throws ModelException {
    return client.complete(credentials.apiKey(), request, stream);
  }
}
