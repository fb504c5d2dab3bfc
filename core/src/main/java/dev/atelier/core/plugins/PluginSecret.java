package dev.atelier.core.plugins;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One encrypted secret of a plugin in a tenant, addressed only by its full key. */
@Entity
@Table(name = "plugin_secrets")
@IdClass(PluginSecret.Key.class)
public class PluginSecret {

  @Id
  @Column(name = "tenant_id")
  private String tenantId;

  @Id
  @Column(name = "plugin_id")
  private String pluginId;

  @Id private String name;

  @Column(name = "sealed_value", nullable = false)
  private String sealedValue;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected PluginSecret() {}

  PluginSecret(String tenantId, String pluginId, String name, String sealedValue) {
    this.tenantId = tenantId;
    this.pluginId = pluginId;
    this.name = name;
    this.sealedValue = sealedValue;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  String name() {
    return name;
  }

  String sealedValue() {
    return sealedValue;
  }

  void replace(String sealedValue) {
    this.sealedValue = sealedValue;
    this.updatedAt = Times.now();
  }

  /** The composite key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String tenantId;
    private String pluginId;
    private String name;

    public Key() {}

    Key(String tenantId, String pluginId, String name) {
      this.tenantId = tenantId;
      this.pluginId = pluginId;
      this.name = name;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(tenantId, k.tenantId)
          && Objects.equals(pluginId, k.pluginId)
          && Objects.equals(name, k.name);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenantId, pluginId, name);
    }
  }
}
