package dev.atelier.core.metering;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of a tenant's ledger; written once, never changed. */
@Entity
@Table(name = "credit_entries")
public class CreditEntry extends TenantOwned {

  @Id private String id;

  @Column(nullable = false)
  private String kind;

  @Column(nullable = false)
  private long amount;

  @Column(name = "balance_after", nullable = false)
  private long balanceAfter;

  private String reference;

  private String description;

  @Column(name = "run_id")
  private String runId;

  @Column(name = "agent_name")
  private String agentName;

  private String model;

  @Column(name = "tokens_input", nullable = false)
  private long tokensInput;

  @Column(name = "tokens_output", nullable = false)
  private long tokensOutput;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected CreditEntry() {}

  CreditEntry(String kind, long amount, long balanceAfter, String reference, String description) {
    this.id = UUID.randomUUID().toString();
    this.kind = kind;
    this.amount = amount;
    this.balanceAfter = balanceAfter;
    this.reference = reference;
    this.description = description;
    this.createdAt = Times.now();
  }

  CreditEntry forCall(String runId, String agentName, String model, long in, long out) {
    this.runId = runId;
    this.agentName = agentName;
    this.model = model;
    this.tokensInput = in;
    this.tokensOutput = out;
    return this;
  }

  public String id() {
    return id;
  }

  public String kind() {
    return kind;
  }

  public long amount() {
    return amount;
  }

  public long balanceAfter() {
    return balanceAfter;
  }

  public String reference() {
    return reference;
  }

  public String description() {
    return description;
  }

  public String runId() {
    return runId;
  }

  public String agentName() {
    return agentName;
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

  public Instant createdAt() {
    return createdAt;
  }
}
