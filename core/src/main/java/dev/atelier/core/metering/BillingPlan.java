package dev.atelier.core.metering;

import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A plan of the platform; limits and features are kept as JSON text. */
@Entity
@Table(name = "billing_plans")
public class BillingPlan {

  @Id
  @Column(name = "plan_key")
  private String key;

  @Column(nullable = false)
  private String name;

  @Column(name = "price_id")
  private String priceId;

  @Column(name = "billing_interval", nullable = false)
  private String interval;

  @Column(name = "monthly_credits", nullable = false)
  private long monthlyCredits;

  @Column(nullable = false)
  private boolean overage;

  @Column(nullable = false)
  private String limits;

  @Column(nullable = false)
  private String features;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected BillingPlan() {}

  BillingPlan(String key) {
    this.key = key;
  }

  void change(
      String name,
      String priceId,
      String interval,
      long monthlyCredits,
      boolean overage,
      String limits,
      String features) {
    if (monthlyCredits < 0) {
      throw new IllegalArgumentException("monthly credits below zero");
    }
    this.name = name;
    this.priceId = priceId;
    this.interval = interval;
    this.monthlyCredits = monthlyCredits;
    this.overage = overage;
    this.limits = limits;
    this.features = features;
    this.updatedAt = Times.now();
  }

  public String key() {
    return key;
  }

  public String name() {
    return name;
  }

  public String priceId() {
    return priceId;
  }

  public String interval() {
    return interval;
  }

  public long monthlyCredits() {
    return monthlyCredits;
  }

  public boolean overage() {
    return overage;
  }

  public String limits() {
    return limits;
  }

  public String features() {
    return features;
  }
}
