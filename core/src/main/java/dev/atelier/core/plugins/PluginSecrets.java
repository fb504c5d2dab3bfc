package dev.atelier.core.plugins;

import dev.atelier.plugin.api.secrets.SecretStore;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** A plugin's secrets in one tenant, sealed with the master key and bound to their full key. */
final class PluginSecrets implements SecretStore {

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._-]{1,128}$");
  private static final int MAX_VALUE = 64 * 1024;

  private final PluginServices services;
  private final String pluginId;
  private final String tenantId;

  PluginSecrets(PluginServices services, String pluginId, String tenantId) {
    this.services = services;
    this.pluginId = pluginId;
    this.tenantId = tenantId;
  }

  private String checked(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "A secret name is 1-128 letters, digits, dots, dashes or underscores");
    }
    return name;
  }

  private String context(String name) {
    return "plugin-secret:" + tenantId + ":" + pluginId + ":" + name;
  }

  private PluginSecret.Key key(String name) {
    return new PluginSecret.Key(tenantId, pluginId, checked(name));
  }

  @Override
  public Optional<String> get(String name) {
    PluginSecret.Key key = key(name);
    return services
        .transactions()
        .inPlatform(em -> Optional.ofNullable(em.find(PluginSecret.class, key)))
        .map(s -> services.masterKey().decrypt(s.sealedValue(), context(name)));
  }

  @Override
  public void put(String name, String value) {
    PluginSecret.Key key = key(name);
    if (value == null || value.length() > MAX_VALUE) {
      throw new IllegalArgumentException("A secret value is 0-65536 characters");
    }
    String sealed = services.masterKey().encrypt(value, context(name));
    services
        .transactions()
        .inPlatformDo(
            em -> {
              PluginSecret existing = em.find(PluginSecret.class, key);
              if (existing == null) {
                em.persist(new PluginSecret(tenantId, pluginId, name, sealed));
              } else {
                existing.replace(sealed);
              }
            });
  }

  @Override
  public boolean delete(String name) {
    PluginSecret.Key key = key(name);
    return services
        .transactions()
        .inPlatform(
            em -> {
              PluginSecret existing = em.find(PluginSecret.class, key);
              if (existing != null) {
                em.remove(existing);
              }
              return existing != null;
            });
  }

  @Override
  public Set<String> names() {
    return services
        .transactions()
        .inPlatform(
            em ->
                new TreeSet<>(
                    em.createQuery(
                            "SELECT s.name FROM PluginSecret s WHERE s.tenantId = :t"
                                + " AND s.pluginId = :p",
                            String.class)
                        .setParameter("t", tenantId)
                        .setParameter("p", pluginId)
                        .getResultList()));
  }
}
