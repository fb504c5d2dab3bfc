package dev.atelier.core.deployments;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A workspace's token for one provider, encrypted with the master key; never shown. */
@Entity
@Table(name = "deployment_credentials")
public class DeploymentCredential extends TenantOwned {

  @Id private String id;

  @Column(nullable = false)
  private String provider;

  @Column private String account;

  @Column(name = "account_name")
  private String accountName;

  @Column(name = "token_enc", nullable = false)
  private String tokenEncrypted;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected DeploymentCredential() {}

  DeploymentCredential(String provider, String account, String accountName, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.provider = provider;
    this.account = account;
    this.accountName = accountName;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
  }

  public String id() {
    return id;
  }

  public String provider() {
    return provider;
  }

  public String account() {
    return account;
  }

  public String accountName() {
    return accountName;
  }

  public String tokenEncrypted() {
    return tokenEncrypted;
  }

  void seal(String tokenEncrypted) {
    this.tokenEncrypted = tokenEncrypted;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
