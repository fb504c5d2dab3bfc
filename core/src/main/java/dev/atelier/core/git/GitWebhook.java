package dev.atelier.core.git;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A project's link to a repository at a git host: pushes the host delivers, signed with the sealed
 * secret, pull the project. Looked up across workspaces by provider and repository (the host knows
 * no workspace), so the workspace is a plain column.
 */
@Entity
@Table(name = "git_webhooks")
public class GitWebhook {

  @Id
  @Column(name = "project_id")
  private String projectId;

  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(nullable = false)
  private String provider;

  @Column(nullable = false)
  private String repository;

  private String branch;

  @Column(name = "secret_enc", nullable = false)
  private String secretSealed;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected GitWebhook() {}

  GitWebhook(String tenantId, String projectId, String createdBy) {
    this.tenantId = tenantId;
    this.projectId = projectId;
    this.createdBy = createdBy;
  }

  void link(String provider, String repository, String branch, String secretSealed) {
    this.provider = provider;
    this.repository = repository;
    this.branch = branch;
    this.secretSealed = secretSealed;
    this.createdAt = Times.now();
  }

  String projectId() {
    return projectId;
  }

  String tenantId() {
    return tenantId;
  }

  String provider() {
    return provider;
  }

  String repository() {
    return repository;
  }

  String branch() {
    return branch;
  }

  String secretSealed() {
    return secretSealed;
  }

  String createdBy() {
    return createdBy;
  }

  Instant createdAt() {
    return createdAt;
  }
}
