package dev.atelier.core.audit;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A security-relevant action in a tenant: who did what to which target, from where, when. */
@Entity
@Table(name = "audit_events")
public class AuditEvent extends TenantOwned {

  @Id private String id;

  @Column(name = "actor_id")
  private String actorId;

  @Column(name = "actor_email")
  private String actorEmail;

  @Column(nullable = false)
  private String action;

  @Column(name = "target_type")
  private String targetType;

  @Column(name = "target_id")
  private String targetId;

  private String ip;

  private String detail;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected AuditEvent() {}

  public AuditEvent(
      String actorId,
      String actorEmail,
      String action,
      String targetType,
      String targetId,
      String ip,
      String detail) {
    this.id = UUID.randomUUID().toString();
    this.actorId = actorId;
    this.actorEmail = actorEmail;
    this.action = action;
    this.targetType = targetType;
    this.targetId = targetId;
    this.ip = ip;
    this.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
    this.createdAt = Times.now();
  }

  public String id() {
    return id;
  }

  public String actorId() {
    return actorId;
  }

  public String actorEmail() {
    return actorEmail;
  }

  public String action() {
    return action;
  }

  public String targetType() {
    return targetType;
  }

  public String targetId() {
    return targetId;
  }

  public String ip() {
    return ip;
  }

  public String detail() {
    return detail;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
