package dev.atelier.core.features;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The platform's setting of one feature. Without a row: on by default, tenants may toggle. */
@Entity
@Table(name = "features")
public class FeatureSetting {

  @Id
  @Column(name = "feature_key")
  private String key;

  @Column(name = "enabled_by_default", nullable = false)
  private boolean enabledByDefault;

  @Column(name = "tenant_can_toggle", nullable = false)
  private boolean tenantCanToggle;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected FeatureSetting() {}

  public FeatureSetting(String key, boolean enabledByDefault, boolean tenantCanToggle) {
    this.key = key;
    change(enabledByDefault, tenantCanToggle);
  }

  public void change(boolean enabledByDefault, boolean tenantCanToggle) {
    this.enabledByDefault = enabledByDefault;
    this.tenantCanToggle = tenantCanToggle;
    this.updatedAt = Times.now();
  }

  public String key() {
    return key;
  }

  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  public boolean tenantCanToggle() {
    return tenantCanToggle;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
