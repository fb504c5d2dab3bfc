package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's report of an item to the moderators: one per user. */
@Entity
@Table(name = "market_reports")
public class MarketReport {

  @Id String id;

  @Column(name = "item_id", nullable = false)
  String itemId;

  @Column(name = "user_id", nullable = false)
  String userId;

  @Column(name = "reporter_tenant_id", nullable = false)
  String reporterTenantId;

  @Column(nullable = false)
  String reason;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  protected MarketReport() {}

  MarketReport(String itemId, String userId, String reporterTenantId, String reason) {
    this.id = UUID.randomUUID().toString();
    this.itemId = itemId;
    this.userId = userId;
    this.reporterTenantId = reporterTenantId;
    this.reason = reason;
    this.createdAt = Times.now();
  }
}
