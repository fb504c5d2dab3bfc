package dev.atelier.core.projects;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A named secret of a project, encrypted with the master key; its value never leaves the server.
 */
@Entity
@Table(name = "project_secrets")
public class ProjectSecret extends TenantOwned {

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(nullable = false)
  private String name;

  @Column(name = "value_enc", nullable = false)
  private String valueEncrypted;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ProjectSecret() {}

  public ProjectSecret(String projectId, String name, String valueEncrypted) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.name = name;
    this.valueEncrypted = valueEncrypted;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String name() {
    return name;
  }

  public String valueEncrypted() {
    return valueEncrypted;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void replaceValue(String valueEncrypted) {
    this.valueEncrypted = valueEncrypted;
    this.updatedAt = Times.now();
  }
}
