package dev.atelier.core.models;

import dev.atelier.core.audit.Audit;
import dev.atelier.core.features.Features;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.plugin.api.model.ModelCredentials;
import dev.atelier.plugin.api.model.ModelProvider;
import dev.atelier.plugin.api.secrets.SecretStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The model providers of the started plugins, and each tenant's credentials for them. Credentials
 * live in the secret store of the plugin that owns the provider (encrypted with the master key,
 * bound to tenant, plugin and name), as {@code model-provider.<id>.api-key} and, for providers that
 * accept one, {@code model-provider.<id>.base-url}. When two plugins offer the same provider id,
 * the first loaded wins.
 */
@ApplicationScoped
public class ModelProviders {

  private static final Logger LOG = Logger.getLogger(ModelProviders.class.getName());

  @Inject Extensions extensions;
  @Inject Features features;
  @Inject Transactions tx;
  @Inject Audit audit;

  /** Every provider of a started plugin, by id, in load order. */
  public List<Provided<ModelProvider>> all() {
    Map<String, Provided<ModelProvider>> byId = new LinkedHashMap<>();
    for (Provided<ModelProvider> p : extensions.all(ModelProvider.class)) {
      Provided<ModelProvider> first = byId.putIfAbsent(p.extension().id(), p);
      if (first != null) {
        LOG.warning(
            "Model provider '"
                + p.extension().id()
                + "' of plugin "
                + p.pluginId()
                + " is ignored: plugin "
                + first.pluginId()
                + " offers it already");
      }
    }
    return List.copyOf(byId.values());
  }

  /** The provider with this id. */
  public Optional<Provided<ModelProvider>> find(String id) {
    return all().stream().filter(p -> p.extension().id().equals(id)).findFirst();
  }

  /** Whether the provider's plugin is switched on for the tenant. */
  public boolean enabled(String tenantId, Provided<ModelProvider> p) {
    return features.enabled(tenantId, p.pluginId());
  }

  /** The tenant's credentials for the provider, if an admin set them. */
  public Optional<ModelCredentials> credentials(String tenantId, Provided<ModelProvider> p) {
    SecretStore secrets = secrets(tenantId, p);
    String id = p.extension().id();
    return secrets
        .get(apiKeyName(id))
        .map(key -> new ModelCredentials(key, secrets.get(baseUrlName(id)).orElse(null)));
  }

  /** The providers switched on for {@code tenantId}, with whether its credentials are set. */
  public ProviderList list(String tenantId) {
    return new ProviderList(
        all().stream().filter(p -> enabled(tenantId, p)).map(p -> view(tenantId, p)).toList());
  }

  private ProviderView view(String tenantId, Provided<ModelProvider> p) {
    Optional<ModelCredentials> c = credentials(tenantId, p);
    ModelProvider provider = p.extension();
    return new ProviderView(
        provider.id(),
        provider.displayName(),
        p.pluginId(),
        provider.acceptsBaseUrl(),
        c.isPresent(),
        c.map(ModelCredentials::baseUrl).orElse(null));
  }

  /**
   * Sets the tenant's credentials, replacing earlier ones; a null base URL removes it. Audited,
   * without the key.
   */
  public void save(String tenantId, Provided<ModelProvider> p, ModelCredentials credentials) {
    SecretStore secrets = secrets(tenantId, p);
    String id = p.extension().id();
    if (credentials.baseUrl() == null) {
      secrets.delete(baseUrlName(id));
    } else {
      secrets.put(baseUrlName(id), credentials.baseUrl());
    }
    secrets.put(apiKeyName(id), credentials.apiKey());
    String detail =
        credentials.baseUrl() == null ? "default base URL" : "base_url=" + credentials.baseUrl();
    tx.inTenantDo(
        tenantId, em -> audit.record(em, "model_credentials.set", "model_provider", id, detail));
  }

  /** Removes the tenant's credentials, audited when there were any; whether there were any. */
  public boolean delete(String tenantId, Provided<ModelProvider> p) {
    SecretStore secrets = secrets(tenantId, p);
    String id = p.extension().id();
    boolean key = secrets.delete(apiKeyName(id));
    boolean base = secrets.delete(baseUrlName(id));
    if (key || base) {
      tx.inTenantDo(
          tenantId,
          em -> audit.record(em, "model_credentials.deleted", "model_provider", id, null));
    }
    return key || base;
  }

  private SecretStore secrets(String tenantId, Provided<ModelProvider> p) {
    return extensions.secrets(p.pluginId(), tenantId);
  }

  private static String apiKeyName(String providerId) {
    return "model-provider." + providerId + ".api-key";
  }

  private static String baseUrlName(String providerId) {
    return "model-provider." + providerId + ".base-url";
  }
}
