package dev.atelier.core.plugins;

import dev.atelier.core.tenancy.Tenant;
import dev.atelier.plugin.api.PluginApi;
import dev.atelier.plugin.api.PluginConfig;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/** The context of one plugin, created once when it loads. */
final class HostPluginContext implements PluginContext {

  private final HostedPlugin plugin;
  private final PluginServices services;
  private final Logger logger;
  private final PluginConfig config;

  HostPluginContext(HostedPlugin plugin, PluginServices services) {
    this.plugin = plugin;
    this.services = services;
    this.logger = Logger.getLogger("dev.atelier.plugins." + plugin.id);
    String prefix = PluginApi.CONFIG_PREFIX + plugin.id + ".";
    this.config =
        name ->
            ConfigProvider.getConfig()
                .getOptionalValue(prefix + name, String.class)
                .filter(v -> !v.isBlank());
  }

  HostedPlugin plugin() {
    return plugin;
  }

  PluginServices services() {
    return services;
  }

  @Override
  public String pluginId() {
    return plugin.id;
  }

  @Override
  public String apiVersion() {
    return PluginApi.VERSION;
  }

  @Override
  public PluginConfig config() {
    return config;
  }

  @Override
  public Logger logger() {
    return logger;
  }

  /** The {@code tenant_id} of a plugin's platform-wide rows ({@link #platformData()}). */
  static final String PLATFORM_TENANT = "platform";

  @Override
  public dev.atelier.plugin.api.data.PluginData platformData() {
    return new PluginDataUnit(plugin, PLATFORM_TENANT);
  }

  @Override
  public PluginSession session() {
    HostPluginSession session = PluginSessions.current();
    if (session == null || !session.pluginId().equals(plugin.id)) {
      throw new IllegalStateException(
          "No session of plugin '" + plugin.id + "' on this thread: use it inside a call");
    }
    return session;
  }

  @Override
  public <T> T inTenant(String tenantId, Function<PluginSession, T> work) {
    boolean exists =
        tenantId != null
            && services
                .transactions()
                .inPlatform(em -> Optional.ofNullable(em.find(Tenant.class, tenantId)))
                .isPresent();
    if (!exists) {
      throw ProblemException.notFound("The workspace");
    }
    if (!services.features().enabled(tenantId, plugin.id)) {
      throw PluginRouteFilter.featureDisabled(plugin.id);
    }
    HostPluginSession session = new HostPluginSession(this, tenantId, null);
    return PluginSessions.with(session, () -> work.apply(session));
  }
}
