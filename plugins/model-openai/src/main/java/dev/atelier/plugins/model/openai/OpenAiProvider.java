package dev.atelier.plugins.model.openai;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
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
 * The {@code openai} model provider. A tenant's credentials may carry a base URL (vLLM, Ollama,
 * LiteLLM, OpenRouter...); without one, the server's {@code atelier.plugin.model-openai.base-url}
 * applies (default {@code https://api.openai.com/v1}). A tenant's base URL is checked against the
 * outbound guard again at every call, so a host that now resolves to a private address is refused.
 * Settings: {@code base-url}, {@code timeout-seconds} (default 120: the wait for the answer to
 * start and the longest silence inside the stream).
 */
@Extension
public class OpenAiProvider implements ModelProvider {

  /** The default base URL. */
  static final String OPENAI = "https://api.openai.com/v1";

  private final PluginContext context;
  private final OpenAiClient client;
  private final String defaultBaseUrl;

  public OpenAiProvider(PluginContext context) {
    this.context = context;
    this.defaultBaseUrl = context.config().get("base-url", OPENAI);
    this.client =
        new OpenAiClient(Duration.ofSeconds(context.config().getInt("timeout-seconds", 120)));
  }

  @Override
  public String id() {
    return "openai";
  }

  @Override
  public String displayName() {
    return "OpenAI-compatible";
  }

  @Override
  public boolean acceptsBaseUrl() {
    return true;
  }

  @Override
  public List<String> models(ModelCredentials credentials) throws ModelException {
    return client.models(endpoint(credentials));
  }

  @Override
  public ModelResponse complete(
      ModelCredentials credentials, ModelRequest request, StreamHandler stream)
      throws ModelException {
    return client.complete(endpoint(credentials), request, stream);
  }

  private OpenAiClient.Endpoint endpoint(ModelCredentials credentials) {
    String base = credentials.baseUrl();
    if (base == null || base.isBlank()) {
      return new OpenAiClient.Endpoint(defaultBaseUrl, credentials.apiKey());
    }
    PluginSession session = currentSession();
    if (session != null) {
      session.http().check("base_url", base);
    }
    return new OpenAiClient.Endpoint(base.strip(), credentials.apiKey());
  }

  private PluginSession currentSession() {
    try {
      return context.session();
    } catch (IllegalStateException outsideOfACall) {
      return null;
    }
  }
}
