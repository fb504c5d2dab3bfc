package dev.atelier.core.models;

import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.plugin.api.model.ModelCredentials;
import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelProvider;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.TokenUsage;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the core calls models: {@link #complete} finds the provider of a {@code <provider>:<model>}
 * name among the plugins switched on for the tenant, calls it with the tenant's credentials in a
 * session of its plugin, retries what may succeed later before anything was streamed, and answers
 * failures as problems; {@link #cost} prices the tokens from {@code atelier.models.prices}.
 */
@ApplicationScoped
public class ModelGateway {

  private static final Logger LOG = Logger.getLogger(ModelGateway.class.getName());

  @Inject Extensions extensions;
  @Inject ModelProviders providers;
  @Inject AtelierConfig config;

  private final RetryingCall retrying =
      new RetryingCall(
          RetryPolicy.DEFAULT,
          d -> Thread.sleep(d.toMillis()),
          () -> ThreadLocalRandom.current().nextDouble());
  private volatile ModelPrices prices;

  /**
   * One model call for {@code tenantId}. {@code model} is {@code <provider>:<model>}; the provider
   * gets {@code request} with the bare model name. Text and tool calls reach {@code stream} as they
   * arrive.
   *
   * @throws ProblemException 422 {@code model_not_configured} (no such provider, switched off for
   *     the tenant, or no credentials), 503 {@code model_provider_unavailable} with {@code
   *     Retry-After} (the provider stayed unavailable, or broke off while streaming), 502 {@code
   *     model_provider_error} (the provider refused the call)
   */
  public ModelResponse complete(
      String tenantId, String model, ModelRequest request, StreamHandler stream) {
    ModelId id =
        ModelId.parse(model)
            .orElseThrow(
                () ->
                    ModelProblems.notConfigured(
                        "'" + model + "' is not a model name of the form <provider>:<model>."));
    Provided<ModelProvider> provider =
        providers
            .find(id.provider())
            .orElseThrow(
                () ->
                    ModelProblems.notConfigured(
                        "There is no model provider '" + id.provider() + "' on this server."));
    if (!providers.enabled(tenantId, provider)) {
      throw ModelProblems.notConfigured(
          "The model provider '" + id.provider() + "' is switched off for this workspace.");
    }
    ModelCredentials credentials =
        providers
            .credentials(tenantId, provider)
            .orElseThrow(
                () ->
                    ModelProblems.notConfigured(
                        "This workspace has no credentials for the model provider '"
                            + id.provider()
                            + "'."));
    ModelRequest bare =
        new ModelRequest(
            id.name(),
            request.messages(),
            request.tools(),
            request.temperature(),
            request.maxTokens());
    try {
      return retrying.run(
          handler -> call(provider, tenantId, credentials, bare, handler),
          stream == null ? StreamHandler.NONE : stream);
    } catch (ModelException e) {
      LOG.fine(() -> "Model " + id + " failed for tenant " + tenantId + ": " + e.code());
      throw ModelProblems.of(id.provider(), e, credentials.apiKey());
    }
  }

  private ModelResponse call(
      Provided<ModelProvider> provider,
      String tenantId,
      ModelCredentials credentials,
      ModelRequest request,
      StreamHandler handler)
      throws ModelException {
    try {
      return extensions.inSession(
          provider.pluginId(),
          tenantId,
          session -> {
            try {
              return provider.extension().complete(credentials, request, handler);
            } catch (ModelException e) {
              throw new Carrier(e);
            }
          });
    } catch (Carrier c) {
      throw c.failure;
    } catch (ProblemException e) {
      if ("feature_disabled".equals(e.code())) {
        throw ModelProblems.notConfigured(
            "The model provider '"
                + provider.extension().id()
                + "' is switched off for this workspace.");
      }
      throw e;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(
          Level.WARNING,
          "Model provider "
              + provider.extension().id()
              + " of plugin "
              + provider.pluginId()
              + " failed",
          e);
      throw ModelProblems.broken(provider.extension().id());
    }
  }

  /** Carries a provider's checked failure out of the plugin session. */
  private static final class Carrier extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ModelException failure;

    Carrier(ModelException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  /**
   * What {@code usage} of {@code model} ({@code <provider>:<model>}) cost in USD, from the price
   * table {@code atelier.models.prices}; {@link BigDecimal#ZERO} for a model without a price.
   */
  public BigDecimal cost(String model, TokenUsage usage) {
    return prices().cost(ModelId.parse(model).orElse(null), usage);
  }

  /**
   * Reads the price table now, at start-up, so that its errors show in the log at once and no run
   * reads the configuration while the server stops (when Payara's configuration may be gone).
   */
  public void loadPrices() {
    prices();
  }

  private ModelPrices prices() {
    ModelPrices p = prices;
    if (p == null) {
      p = ModelPrices.parse(config.modelPrices().orElse(null));
      p.errors().forEach(e -> LOG.warning("atelier.models.prices: " + e));
      prices = p;
    }
    return p;
  }
}
