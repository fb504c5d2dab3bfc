package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A published agent or base, its latest content inline. */
@Entity
@Table(name = "market_items")
public class MarketItem {

  @Id String id;

  @Column(nullable = false)
  String kind;

  @Column(nullable = false)
  String slug;

  @Column(name = "creator_tenant_id", nullable = false)
  String creatorTenantId;

  @Column(name = "creator_user_id", nullable = false)
  String creatorUserId;

  @Column(nullable = false)
  String name;

  String description;
  String category;

  /** The tags as {@code ,a,b,} (empty: {@code ,}), so that one matches as {@code %,tag,%}. */
  @Column(nullable = false)
  String tags;

  String icon;

  @Column(nullable = false)
  String visibility;

  @Column(name = "price_credits", nullable = false)
  long priceCredits;

  /** A Stripe price the item is sold at instead of credits, or null. */
  @Column(name = "stripe_price_id")
  String stripePriceId;

  @Column(name = "report_count", nullable = false)
  long reportCount;

  @Column(nullable = false)
  String status;

  @Column(nullable = false)
  String version;

  @Column(nullable = false)
  String content;

  @Column(name = "rating_sum", nullable = false)
  long ratingSum;

  @Column(name = "rating_count", nullable = false)
  long ratingCount;

  @Column(name = "rating_average", nullable = false)
  double ratingAverage;

  @Column(nullable = false)
  long installs;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  Instant updatedAt;

  protected MarketItem() {}

  MarketItem(String kind, String slug, String creatorTenantId, String creatorUserId) {
    this.id = UUID.randomUUID().toString();
    this.kind = kind;
    this.slug = slug;
    this.creatorTenantId = creatorTenantId;
    this.creatorUserId = creatorUserId;
    this.status = Catalogue.APPROVED;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  void rate(int rating) {
    ratingSum += rating;
    ratingCount++;
    ratingAverage = (double) ratingSum / ratingCount;
  }

  /** Whether the item costs anything (credits or a Stripe price). */
  boolean priced() {
    return priceCredits > 0 || stripePriceId != null;
  }
}
