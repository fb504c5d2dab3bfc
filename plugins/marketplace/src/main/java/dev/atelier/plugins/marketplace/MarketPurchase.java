package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An item in a workspace's library, acquired once. */
@Entity
@Table(name = "market_purchases")
public class MarketPurchase {

  @Id String id;

  @Column(name = "item_id", nullable = false)
  String itemId;

  @Column(name = "buyer_tenant_id", nullable = false)
  String buyerTenantId;

  @Column(name = "user_id", nullable = false)
  String userId;

  @Column(name = "price_credits", nullable = false)
  long priceCredits;

  /** The version the library holds; moved by its update action. */
  String version;

  /** The billing provider's payment that bought it, for an item sold at a Stripe price. */
  String payment;

  @Column(name = "created_at", nullable = false)
  Instant createdAt;

  protected MarketPurchase() {}

  MarketPurchase(
      String itemId, String buyerTenantId, String userId, long priceCredits, String version) {
    this.id = UUID.randomUUID().toString();
    this.itemId = itemId;
    this.buyerTenantId = buyerTenantId;
    this.userId = userId;
    this.priceCredits = priceCredits;
    this.version = version;
    this.createdAt = Times.now();
  }
}
