package dev.atelier.core.runs;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A run of an agent in a tenant. The worker that holds its lease changes it; {@code state} holds
 * the conversation so far, so another worker can resume it after its first worker stopped.
 */
@Entity
@Table(name = "runs")
public class Run extends TenantOwned {

  @Id private String id;

  @Column(name = "agent_name", nullable = false)
  private String agentName;

  @Column(name = "project_id")
  private String projectId;

  @Column(name = "chat_id")
  private String chatId;

  @Column(name = "automation_id")
  private String automationId;

  @Column(name = "scheduled_for")
  private Instant scheduledFor;

  @Column(name = "trigger_kind", nullable = false)
  private String trigger;

  @Column(nullable = false)
  private String status;

  @Column(nullable = false)
  private String input;

  private String output;

  @Column(name = "error_code")
  private String errorCode;

  private String error;

  private String model;

  @Column(name = "tokens_input", nullable = false)
  private long tokensInput;

  @Column(name = "tokens_output", nullable = false)
  private long tokensOutput;

  @Column(nullable = false)
  private BigDecimal cost;

  @Column(name = "step_count", nullable = false)
  private int stepCount;

  @Column(name = "cancel_requested", nullable = false)
  private boolean cancelRequested;

  @Column(nullable = false)
  private int attempts;

  @Column(name = "lease_owner")
  private String leaseOwner;

  @Column(name = "lease_until")
  private Instant leaseUntil;

  private String state;

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

  protected Run() {}

  public Run(String agentName, String projectId, String trigger, String input, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.agentName = agentName;
    this.projectId = projectId;
    this.trigger = trigger;
    this.input = input;
    this.createdBy = createdBy;
    this.status = RunStatus.QUEUED.wire();
    this.cost = BigDecimal.ZERO;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String agentName() {
    return agentName;
  }

  /** The chat this run is a turn of, or null. */
  public String chatId() {
    return chatId;
  }

  /** Makes this run a turn of chat {@code chatId}. */
  public Run inChat(String chatId) {
    this.chatId = chatId;
    return this;
  }

  /** The automation that fired this run, or null. */
  public String automationId() {
    return automationId;
  }

  /** The due time of the automation this run was fired for, or null. */
  public Instant scheduledFor() {
    return scheduledFor;
  }

  /**
   * Makes this run the one automation {@code automationId} fired for its due time {@code
   * scheduledFor}; the database holds at most one run per automation and due time.
   */
  public Run firedBy(String automationId, Instant scheduledFor) {
    this.automationId = automationId;
    this.scheduledFor = scheduledFor;
    return this;
  }

  public String projectId() {
    return projectId;
  }

  public String trigger() {
    return trigger;
  }

  public RunStatus status() {
    return RunStatus.parse(status);
  }

  public String input() {
    return input;
  }

  public String output() {
    return output;
  }

  public String errorCode() {
    return errorCode;
  }

  public String error() {
    return error;
  }

  public String model() {
    return model;
  }

  public long tokensInput() {
    return tokensInput;
  }

  public long tokensOutput() {
    return tokensOutput;
  }

  public BigDecimal cost() {
    return cost;
  }

  public int stepCount() {
    return stepCount;
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  public int attempts() {
    return attempts;
  }

  /** The node that holds the run's lease, or null. */
  public String leaseOwner() {
    return leaseOwner;
  }

  public String state() {
    return state;
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

  void requestCancel() {
    cancelRequested = true;
    updatedAt = Times.now();
  }

  void moveTo(RunStatus next) {
    status = next.wire();
    updatedAt = Times.now();
    if (next.terminal()) {
      finishedAt = updatedAt;
      leaseOwner = null;
      leaseUntil = null;
    }
  }

  void start(String model) {
    this.model = model;
    if (startedAt == null) {
      startedAt = Times.now();
    }
  }

  void progress(String state, int stepCount, long in, long out, BigDecimal cost) {
    this.state = state;
    this.stepCount = stepCount;
    this.tokensInput = in;
    this.tokensOutput = out;
    this.cost = cost;
    this.updatedAt = Times.now();
  }

  void succeed(String output) {
    this.output = output;
    moveTo(RunStatus.SUCCEEDED);
  }

  void fail(String code, String message) {
    this.errorCode = code;
    this.error = message == null || message.length() <= 4000 ? message : message.substring(0, 4000);
    moveTo(RunStatus.FAILED);
  }
}
