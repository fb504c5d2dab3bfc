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

  @Column(name = "auto_top_up", nullable = false)
  private boolean autoTopUp;

  @Column(name = "top_up_threshold", nullable = false)
  private long topUpThreshold;

  @Column(name = "top_up_package")
  private String topUpPackage;

  @Column(name = "top_ups", nullable = false)
  private long topUps;

  @Column(name = "top_up_started")
  private Instant topUpStarted;

  @Column(name = "top_up_error")
  private String topUpError;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected StripeAccount() {}

  static StripeAccount open() {
    StripeAccount a = new StripeAccount();
    a.id = UUID.randomUUID().toString();
    a.updatedAt = Times.now();
    return a;
  }

  /** Sets the automatic top-up; switching it on clears the last failure. */
  void autoTopUp(boolean on, long threshold, String pack) {
    this.autoTopUp = on;
    this.topUpThreshold = threshold;
    this.topUpPackage = pack;
    if (on) {
      this.topUpError = null;
    }
    this.updatedAt = Times.now();
  }

  /**
   * Marks a top-up in flight from {@code now}; false when one started less than {@code guard} ago
   * (so two nodes never pay twice for one drop below the threshold).
   */
  boolean startTopUp(Instant now, java.time.Duration guard) {
    if (topUpStarted != null && topUpStarted.plus(guard).isAfter(now)) {
      return false;
    }
    topUpStarted = now;
    updatedAt = now;
    return true;
  }

  /** The top-up in flight was paid: the next one gets the next idempotency key. */
  void topUpPaid() {
    topUps++;
    topUpStarted = null;
    topUpError = null;
    updatedAt = Times.now();
  }

  /** The top-up in flight could not reach Stripe: it is tried again with the same key. */
  void topUpLater() {
    topUpStarted = null;
    updatedAt = Times.now();
  }

  /** Stripe refused the payment: the top-up is switched off until an admin switches it on. */
  void topUpFailed(String error) {
    topUps++;
    topUpStarted = null;
    autoTopUp = false;
    topUpError = error == null ? null : error.substring(0, Math.min(error.length(), 500));
    updatedAt = Times.now();
  }

  /** Whether a top-up is being paid. */
  public boolean topUpInFlight() {
    return topUpStarted != null;
  }

  public boolean autoTopUp() {
    return autoTopUp;
  }

  public long topUpThreshold() {
    return topUpThreshold;
  }

  public String topUpPackage() {
    return topUpPackage;
  }

  public long topUps() {
    return topUps;
  }

  public String topUpError() {
    return topUpError;
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
