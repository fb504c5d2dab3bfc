package dev.atelier.core.features;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's own switch of a feature. Addressed only by its full key (tenant and feature), so a
 * lookup cannot reach another tenant's switch.
 */
@Entity
@Table(name = "tenant_features")
@IdClass(TenantFeature.Key.class)
public class TenantFeature {

  @Id
  @Column(name = "tenant_id")
  private String tenantId;

  @Id
  @Column(name = "feature_key")
  private String key;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected TenantFeature() {}

  public TenantFeature(String tenantId, String key, boolean enabled) {
    this.tenantId = tenantId;
    this.key = key;
    switchTo(enabled);
  }

  public void switchTo(boolean enabled) {
    this.enabled = enabled;
    this.updatedAt = Times.now();
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** The composite key. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;
    private String tenantId;
    private String key;

    public Key() {}

    public Key(String tenantId, String key) {
      this.tenantId = tenantId;
      this.key = key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(tenantId, k.tenantId)
          && Objects.equals(key, k.key);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenantId, key);
    }
  }
}
