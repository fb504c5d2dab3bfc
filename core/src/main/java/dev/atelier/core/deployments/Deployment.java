package dev.atelier.core.deployments;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A deployment of a project to one provider: {@code queued} until its task starts, then {@code
 * uploading}, {@code building}, and {@code ready}, {@code error} or {@code cancelled}.
 */
@Entity
@Table(name = "deployments")
public class Deployment extends TenantOwned {

  static final String QUEUED = "queued";

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(nullable = false)
  private String provider;

  @Column(nullable = false)
  private String target;

  @Column(name = "output_dir")
  private String outputDir;

  @Column(nullable = false)
  private String status;

  @Column private String reference;

  @Column private String url;

  @Column private String log;

  @Column(name = "task_id")
  private String taskId;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Deployment() {}

  Deployment(String projectId, String provider, String target, String outputDir, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.provider = provider;
    this.target = target;
    this.outputDir = outputDir;
    this.status = QUEUED;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String provider() {
    return provider;
  }

  public String target() {
    return target;
  }

  public String outputDir() {
    return outputDir;
  }

  public String status() {
    return status;
  }

  public String reference() {
    return reference;
  }

  public String url() {
    return url;
  }

  public String log() {
    return log;
  }

  public String taskId() {
    return taskId;
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

  void taskId(String taskId) {
    this.taskId = taskId;
  }

  boolean finished() {
    return "ready".equals(status) || "error".equals(status) || "cancelled".equals(status);
  }

  void update(String status, String reference, String url, String log) {
    this.status = status;
    if (reference != null) {
      this.reference = reference;
    }
    if (url != null) {
      this.url = url;
    }
    if (log != null) {
      this.log = log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
    this.updatedAt = Times.now();
  }
}
