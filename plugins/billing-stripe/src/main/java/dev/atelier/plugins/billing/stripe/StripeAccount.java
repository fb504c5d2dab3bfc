package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A workspace's Stripe customer and subscription, as the latest applied event left them. */
@Entity
@Table(name = "stripe_accounts")
public class StripeAccount {

  @Id private String id;

  @Column(name = "customer_id")
  private String customerId;

  @Column(name = "subscription_id")
  private String subscriptionId;

  @Column(name = "subscription_status")
  private String subscriptionStatus;

  @Column(name = "price_id")
  private String priceId;

  @Column(name = "period_end")
  private Instant periodEnd;

  @Column(name = "cancel_at_period_end", nullable = false)
  private boolean cancelAtPeriodEnd;

  @Column(name = "last_event_created", nullable = false)
  private long lastEventCreated;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected StripeAccount() {}

  static StripeAccount open() {
    StripeAccount a = new StripeAccount();
    a.id = UUID.randomUUID().toString();
    a.updatedAt = Times.now();
    return a;
  }

  /** Keeps the first customer Stripe gave the workspace. */
  void customer(String customerId) {
    if (this.customerId == null && customerId != null) {
      this.customerId = customerId;
      this.updatedAt = Times.now();
    }
  }

  /**
   * Whether an event created at {@code created} (Unix seconds) is not older than the last one
   * applied to the subscription; if so, it becomes the last one.
   */
  boolean newer(long created) {
    if (created < lastEventCreated) {
      return false;
    }
    lastEventCreated = created;
    return true;
  }

  void subscription(
      String subscriptionId,
      String status,
      String priceId,
      Instant periodEnd,
      boolean cancelAtEnd) {
    this.subscriptionId = subscriptionId;
    this.subscriptionStatus = status;
    this.priceId = priceId;
    this.periodEnd = periodEnd;
    this.cancelAtPeriodEnd = cancelAtEnd;
    this.updatedAt = Times.now();
  }

  void status(String status) {
    this.subscriptionStatus = status;
    this.updatedAt = Times.now();
  }

  public String customerId() {
    return customerId;
  }

  public String subscriptionId() {
    return subscriptionId;
  }

  public String subscriptionStatus() {
    return subscriptionStatus;
  }

  public String priceId() {
    return priceId;
  }

  public Instant periodEnd() {
    return periodEnd;
  }

  public boolean cancelAtPeriodEnd() {
    return cancelAtPeriodEnd;
  }
}
