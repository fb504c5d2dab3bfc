package dev.atelier.core.deployments;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * An OAuth authorization of a deployment provider in progress: the keyed hash of its single-use
 * state (never the state itself), who started it, and until when the callback may use it.
 */
@Entity
@Table(name = "deployment_oauth_states")
public class DeploymentOAuthState extends TenantOwned {

  /** How long a started authorization waits for the provider's callback. */
  static final Duration LIFETIME = Duration.ofMinutes(10);

  @Id private String id;

  @Column(name = "user_id", nullable = false)
  private String userId;

  @Column(nullable = false)
  private String provider;

  @Column(name = "state_hash", nullable = false)
  private String stateHash;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected DeploymentOAuthState() {}

  DeploymentOAuthState(String userId, String provider, String stateHash) {
    this.id = UUID.randomUUID().toString();
    this.userId = userId;
    this.provider = provider;
    this.stateHash = stateHash;
    this.createdAt = Times.now();
    this.expiresAt = createdAt.plus(LIFETIME);
  }

  String userId() {
    return userId;
  }

  String provider() {
    return provider;
  }

  boolean expired() {
    return !Times.now().isBefore(expiresAt);
  }
}
