package dev.atelier.core.tenancy;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A workspace: the unit of isolation that owns projects, keys, secrets and audit events. */
@Entity
@Table(name = "tenants")
public class Tenant {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String slug;

  private boolean personal;

  @Column(name = "rate_limit_per_minute")
  private Integer rateLimitPerMinute;

  @Column(name = "require_2fa")
  private boolean require2fa;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Tenant() {}

  public Tenant(String name, String slug, boolean personal, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.name = name;
    this.slug = slug;
    this.personal = personal;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String slug() {
    return slug;
  }

  public boolean personal() {
    return personal;
  }

  public Integer rateLimitPerMinute() {
    return rateLimitPerMinute;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** Whether members must sign in with a second factor. */
  public boolean require2fa() {
    return require2fa;
  }

  public void setRequire2fa(boolean require) {
    this.require2fa = require;
    this.updatedAt = Times.now();
  }

  public void rename(String name) {
    this.name = name;
    this.updatedAt = Times.now();
  }

  public void changeSlug(String slug) {
    this.slug = slug;
    this.updatedAt = Times.now();
  }

  public void setRateLimitPerMinute(Integer perMinute) {
    this.rateLimitPerMinute = perMinute;
    this.updatedAt = Times.now();
  }
}
