package dev.atelier.core.agentchanges;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An agent change: what was asked ({@code description}, of {@code agent}, on a project), where it
 * goes (the provider's repository, the base branch, the change's branch or the base itself) and how
 * far it got, from {@code queued} through {@code running} (the agent's run) and {@code publishing}
 * (commit, push, pull request) to {@code succeeded} or {@code failed}.
 */
@Entity
@Table(name = "agent_changes")
public class AgentChange extends TenantOwned {

  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String PUBLISHING = "publishing";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";

  static final String PULL_REQUEST = "pull_request";
  static final String DIRECT = "direct";

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(name = "task_id", nullable = false)
  private String taskId;

  @Column(name = "run_id")
  private String runId;

  @Column(nullable = false)
  private String agent;

  @Column(nullable = false)
  private String description;

  @Column(nullable = false)
  private String kind;

  @Column(name = "commit_mode", nullable = false)
  private String commitMode;

  private String provider;

  private String repo;

  @Column(name = "base_branch")
  private String baseBranch;

  private String branch;

  @Column(name = "base_commit")
  private String baseCommit;

  @Column(nullable = false)
  private String status;

  @Column(name = "commit_sha")
  private String commitSha;

  @Column(name = "pull_number")
  private Integer pullNumber;

  @Column(name = "html_url")
  private String htmlUrl;

  @Column(name = "error_code")
  private String errorCode;

  @Column(name = "error_detail")
  private String errorDetail;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected AgentChange() {}

  AgentChange(
      String projectId,
      String agent,
      String description,
      String commitMode,
      String provider,
      String repo,
      String baseBranch,
      String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.agent = agent;
    this.description = description;
    this.commitMode = commitMode;
    this.provider = provider;
    this.repo = repo;
    this.baseBranch = baseBranch;
    this.createdBy = createdBy;
    this.kind = "edit";
    this.status = QUEUED;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
    if (PULL_REQUEST.equals(commitMode)) {
      this.branch = "atelier/change-" + id.substring(0, 8);
    }
  }

  void queued(String taskId, String kind) {
    this.taskId = taskId;
    this.kind = kind;
  }

  /** The branch that keeps the agent's work when the change fails after its commit. */
  String keepBranch() {
    return branch != null ? branch : "atelier/change-" + id.substring(0, 8);
  }

  /** The branch is ready and the agent's run is queued. */
  void running(String kind, String baseBranch, String baseCommit, String runId) {
    this.kind = kind;
    this.baseBranch = baseBranch;
    this.baseCommit = baseCommit;
    this.runId = runId;
    this.status = RUNNING;
    touch();
  }

  void publishing() {
    this.status = PUBLISHING;
    touch();
  }

  void committed(String sha) {
    this.commitSha = sha;
    touch();
  }

  void succeeded(Integer pullNumber, String htmlUrl) {
    this.pullNumber = pullNumber;
    this.htmlUrl = htmlUrl;
    this.status = SUCCEEDED;
    touch();
  }

  void failed(String code, String detail) {
    this.status = FAILED;
    this.errorCode = code;
    this.errorDetail =
        detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 4000);
    touch();
  }

  private void touch() {
    this.updatedAt = Times.now();
  }

  boolean finished() {
    return SUCCEEDED.equals(status) || FAILED.equals(status);
  }

  String id() {
    return id;
  }

  String projectId() {
    return projectId;
  }

  String taskId() {
    return taskId;
  }

  String runId() {
    return runId;
  }

  String agent() {
    return agent;
  }

  String description() {
    return description;
  }

  String kind() {
    return kind;
  }

  String commitMode() {
    return commitMode;
  }

  String provider() {
    return provider;
  }

  String repo() {
    return repo;
  }

  String baseBranch() {
    return baseBranch;
  }

  String branch() {
    return branch;
  }

  String baseCommit() {
    return baseCommit;
  }

  String status() {
    return status;
  }

  String commitSha() {
    return commitSha;
  }

  Integer pullNumber() {
    return pullNumber;
  }

  String htmlUrl() {
    return htmlUrl;
  }

  String errorCode() {
    return errorCode;
  }

  String errorDetail() {
    return errorDetail;
  }

  String createdBy() {
    return createdBy;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant updatedAt() {
    return updatedAt;
  }
}
