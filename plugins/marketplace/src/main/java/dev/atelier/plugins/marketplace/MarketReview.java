package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's review of an item: one per user. */
@Entity
@Table(name = "market_reviews")
public class MarketReview {

  @Id String id;

  @Column(name = "item_id", nullable = false)
  String itemId;

  @Column(name = "user_id", nullable = false)
  String userId;

  @Column(name = "author_tenant_id", nullable = false)
  String authorTenantId;

  @Column(nullable = false)
  int rating;

  String text;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  protected MarketReview() {}

  MarketReview(String itemId, String userId, String authorTenantId, int rating, String text) {
    this.id = UUID.randomUUID().toString();
    this.itemId = itemId;
    this.userId = userId;
    this.authorTenantId = authorTenantId;
    this.rating = rating;
    this.text = text;
    this.createdAt = Times.now();
  }
}
