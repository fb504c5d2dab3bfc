package dev.atelier.core.gitproviders;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's connection to a git host in a workspace: pending while an OAuth authorization is under
 * way (the hash of its state and the sealed PKCE verifier), then connected (the sealed tokens).
 */
@Entity
@Table(name = "git_connections")
public class ProviderConnection extends TenantOwned {

  static final String PENDING = "pending";
  static final String CONNECTED = "connected";

  @Id private String id;

  @Column(name = "user_id", nullable = false)
  private String userId;

  @Column(nullable = false)
  private String provider;

  @Column(nullable = false)
  private String status;

  @Column(name = "state_hash")
  private String stateHash;

  @Column(name = "verifier_enc")
  private String verifierSealed;

  @Column(name = "access_enc")
  private String accessSealed;

  @Column(name = "refresh_enc")
  private String refreshSealed;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "account_login")
  private String accountLogin;

  @Column(nullable = false)
  private long version;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ProviderConnection() {}

  ProviderConnection(String userId, String provider) {
    this.id = UUID.randomUUID().toString();
    this.userId = userId;
    this.provider = provider;
    this.status = PENDING;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  String id() {
    return id;
  }

  String userId() {
    return userId;
  }

  String provider() {
    return provider;
  }

  String status() {
    return status;
  }

  String verifierSealed() {
    return verifierSealed;
  }

  String accessSealed() {
    return accessSealed;
  }

  String refreshSealed() {
    return refreshSealed;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  String accountLogin() {
    return accountLogin;
  }

  long version() {
    return version;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  void pending(String stateHash, String verifierSealed) {
    this.stateHash = stateHash;
    this.verifierSealed = verifierSealed;
    this.updatedAt = Times.now();
  }

  void connected(String access, String refresh, Instant expiresAt, String login) {
    this.status = CONNECTED;
    this.stateHash = null;
    this.verifierSealed = null;
    this.accessSealed = access;
    this.refreshSealed = refresh;
    this.expiresAt = expiresAt;
    this.accountLogin = login;
    this.version++;
    this.updatedAt = Times.now();
  }
}
