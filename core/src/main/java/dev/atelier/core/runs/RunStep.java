package dev.atelier.core.runs;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of a run: a model call or a tool call, with what went in, what came out, and when. */
@Entity
@Table(name = "run_steps")
public class RunStep extends TenantOwned {

  @Id private String id;

  @Column(name = "run_id", nullable = false)
  private String runId;

  @Column(nullable = false)
  private int seq;

  @Column(nullable = false)
  private String kind;

  private String name;

  @Column(name = "tool_call_id")
  private String toolCallId;

  private String arguments;

  private String result;

  @Column(nullable = false)
  private String status;

  @Column(name = "tokens_input", nullable = false)
  private long tokensInput;

  @Column(name = "tokens_output", nullable = false)
  private long tokensOutput;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  protected RunStep() {}

  RunStep(
      String runId,
      int seq,
      String kind,
      String name,
      String toolCallId,
      String arguments,
      String status,
      Instant startedAt) {
    this.id = UUID.randomUUID().toString();
    this.runId = runId;
    this.seq = seq;
    this.kind = kind;
    this.name = name;
    this.toolCallId = toolCallId;
    this.arguments = arguments;
    this.status = status;
    this.startedAt = startedAt;
  }

  /** Starts this step again: its worker stopped while it was in progress. */
  void restart(String kind, String name, String toolCallId, String arguments, Instant startedAt) {
    this.kind = kind;
    this.name = name;
    this.toolCallId = toolCallId;
    this.arguments = arguments;
    this.status = "running";
    this.result = null;
    this.tokensInput = 0;
    this.tokensOutput = 0;
    this.startedAt = startedAt;
    this.finishedAt = null;
  }

  void finish(String status, String result, long tokensInput, long tokensOutput) {
    this.status = status;
    this.result = result;
    this.tokensInput = tokensInput;
    this.tokensOutput = tokensOutput;
    this.finishedAt = Times.now();
  }

  public String id() {
    return id;
  }

  public String runId() {
    return runId;
  }

  public int seq() {
    return seq;
  }

  public String kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public String toolCallId() {
    return toolCallId;
  }

  public String arguments() {
    return arguments;
  }

  public String result() {
    return result;
  }

  public String status() {
    return status;
  }

  public long tokensInput() {
    return tokensInput;
  }

  public long tokensOutput() {
    return tokensOutput;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant finishedAt() {
    return finishedAt;
  }
}
