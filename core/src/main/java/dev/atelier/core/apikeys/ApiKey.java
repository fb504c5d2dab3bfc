package dev.atelier.core.apikeys;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import dev.atelier.plugin.api.web.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * An API key of a tenant. Only a keyed hash of the secret is stored; the full key is shown once.
 */
@Entity
@Table(name = "api_keys")
public class ApiKey extends TenantOwned {

  @Id private String id;

  @Column(name = "user_id", nullable = false)
  private String userId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String prefix;

  @Column(name = "secret_hash", nullable = false)
  private String secretHash;

  @Column(nullable = false)
  private String mode;

  @Column(nullable = false)
  private String role;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected ApiKey() {}

  public ApiKey(
      String userId,
      String name,
      String prefix,
      String secretHash,
      String mode,
      Role role,
      Instant expiresAt) {
    this.id = UUID.randomUUID().toString();
    this.userId = userId;
    this.name = name;
    this.prefix = prefix;
    this.secretHash = secretHash;
    this.mode = mode;
    this.role = role.wire();
    this.createdAt = Times.now();
    this.expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
  }

  public String id() {
    return id;
  }

  public String userId() {
    return userId;
  }

  public String name() {
    return name;
  }

  public String prefix() {
    return prefix;
  }

  public String mode() {
    return mode;
  }

  public Role role() {
    return Role.parse(role).orElseThrow();
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public Instant lastUsedAt() {
    return lastUsedAt;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public void revoke() {
    if (revokedAt == null) {
      revokedAt = Times.now();
    }
  }
}
