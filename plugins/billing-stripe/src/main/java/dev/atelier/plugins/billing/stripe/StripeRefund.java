package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The credits taken back so far for one refunded charge, and the amount refunded then. */
@Entity
@Table(name = "stripe_refunds")
public class StripeRefund {

  @Id
  @Column(name = "charge_id")
  private String chargeId;

  @Column(nullable = false)
  private long refunded;

  @Column(nullable = false)
  private long credits;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected StripeRefund() {}

  StripeRefund(String chargeId) {
    this.chargeId = chargeId;
    this.updatedAt = Times.now();
  }

  void to(long refunded, long credits) {
    this.refunded = refunded;
    this.credits = credits;
    this.updatedAt = Times.now();
  }

  public long refunded() {
    return refunded;
  }

  public long credits() {
    return credits;
  }
}
