package dev.atelier.core.plugins;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.plugin.api.data.PluginData;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import java.util.function.Function;

/** A plugin's persistence unit bound to one tenant. */
final class PluginDataUnit implements PluginData {

  private final HostedPlugin plugin;
  private final Map<String, Object> tenant;

  PluginDataUnit(HostedPlugin plugin, String tenantId) {
    this.plugin = plugin;
    this.tenant = Map.of(Transactions.TENANT_PROPERTY, tenantId);
  }

  private EntityManagerFactory unit() {
    if (plugin.entityManagerFactory == null) {
      throw new IllegalStateException(
          "Plugin '" + plugin.id + "' declares no entities (EntityProvider)");
    }
    return plugin.entityManagerFactory;
  }

  @Override
  public <T> T inTransaction(Function<EntityManager, T> work) {
    return Transactions.inUnit(unit(), tenant, work);
  }

  @Override
  public <T> T read(Function<EntityManager, T> work) {
    return Transactions.readUnit(unit(), tenant, work);
  }

  @Override
  public boolean isUniqueViolation(Throwable thrown) {
    return Transactions.isUniqueViolation(thrown);
  }
}
