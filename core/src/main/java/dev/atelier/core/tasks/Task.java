package dev.atelier.core.tasks;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A background task of a tenant: what to do ({@code kind} and {@code input}, JSON), how far it got
 * and how it ended ({@code result} JSON or {@code error}, a problem as JSON). Workers change it
 * through {@link TaskQueue} under a lease.
 */
@Entity
@Table(name = "tasks")
public class Task extends TenantOwned {

  /** The statuses of a task. */
  public static final String QUEUED = "queued";

  public static final String RUNNING = "running";

  /** Waiting, with no worker, until its feature resumes it ({@link TaskWait}). */
  public static final String WAITING = "waiting";

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  @Id private String id;

  @Column(nullable = false)
  private String kind;

  @Column(name = "project_id")
  private String projectId;

  @Column(nullable = false)
  private String status;

  @Column(nullable = false)
  private String input;

  @Column(nullable = false)
  private int progress;

  private String message;

  private String result;

  private String error;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Task() {}

  public Task(String kind, String projectId, String input, String createdBy) {
    if (kind == null || kind.isBlank() || input == null) {
      throw new IllegalArgumentException("A task needs a kind and an input");
    }
    this.id = UUID.randomUUID().toString();
    this.kind = kind;
    this.projectId = projectId;
    this.status = QUEUED;
    this.input = input;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  /** Gives a task not started yet another input (see {@link Tasks#fold}). */
  void replaceInput(String input) {
    if (!QUEUED.equals(status) || input == null) {
      throw new IllegalStateException("Only a queued task takes another input");
    }
    this.input = input;
    this.updatedAt = Times.now();
  }

  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  public String projectId() {
    return projectId;
  }

  public String status() {
    return status;
  }

  public String input() {
    return input;
  }

  public int progress() {
    return progress;
  }

  public String message() {
    return message;
  }

  public String result() {
    return result;
  }

  public String error() {
    return error;
  }

  public int attempts() {
    return attempts;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
