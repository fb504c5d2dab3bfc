package dev.atelier.core.agents;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An agent of a tenant, addressed by its name (unique within the tenant): the source text of its
 * spec as it was sent, and the validated spec as JSON ({@code spec_json}) for the run engine.
 */
@Entity
@Table(name = "agents")
public class Agent extends TenantOwned {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  private String description;

  @Column(nullable = false)
  private String model;

  @Column(name = "spec_json", nullable = false)
  private String specJson;

  @Column(nullable = false)
  private String format;

  @Column(nullable = false)
  private String content;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Agent() {}

  /** A new agent from a valid {@code spec}, written as {@code content} in {@code format}. */
  public Agent(AgentSpec spec, SpecFormat format, String content, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.name = spec.name();
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    apply(spec, format, content, createdAt);
  }

  /** Replaces the spec (its name stays); updates {@code updated_at}. */
  public void replace(AgentSpec spec, SpecFormat format, String content) {
    if (!name.equals(spec.name())) {
      throw new IllegalArgumentException("An agent's name does not change");
    }
    apply(spec, format, content, Times.now());
  }

  private void apply(AgentSpec spec, SpecFormat format, String content, Instant now) {
    this.description = spec.description();
    this.model = spec.model();
    this.specJson = SpecJson.write(spec);
    this.format = format.wire();
    this.content = content;
    this.updatedAt = now;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public String model() {
    return model;
  }

  /** The validated spec, defaults applied. */
  public AgentSpec spec() {
    return SpecJson.read(specJson);
  }

  public String format() {
    return format;
  }

  public String content() {
    return content;
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
}
