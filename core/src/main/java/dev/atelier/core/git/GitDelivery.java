package dev.atelier.core.git;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A push delivery applied to a project's link, unique by the host's delivery id. */
@Entity
@Table(name = "git_webhook_deliveries")
public class GitDelivery {

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(name = "delivery_id", nullable = false)
  private String deliveryId;

  @Column(nullable = false)
  private String branch;

  @Column(name = "after_sha")
  private String after;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  protected GitDelivery() {}

  GitDelivery(String projectId, String deliveryId, String branch, String after) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.deliveryId = deliveryId;
    this.branch = branch;
    this.after = after;
    this.receivedAt = Times.now();
  }
}
