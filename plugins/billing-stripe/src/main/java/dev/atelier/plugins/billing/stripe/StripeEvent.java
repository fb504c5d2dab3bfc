package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event Stripe sent, stored before it is answered and applied once afterwards. */
@Entity
@Table(name = "stripe_events")
public class StripeEvent {

  static final String PENDING = "pending";
  static final String PROCESSED = "processed";
  static final String FAILED = "failed";

  /** Attempts before an event is left failed. */
  static final int MAX_ATTEMPTS = 5;

  @Id private String id;

  @Column(name = "event_type", nullable = false)
  private String type;

  @Column(name = "created_epoch", nullable = false)
  private long created;

  @Column(nullable = false)
  private String payload;

  @Column(nullable = false)
  private String status;

  @Column(nullable = false)
  private int attempts;

  private String error;

  @Column(name = "received_at", nullable = false)
  private Instant receivedAt;

  @Column(name = "processed_at")
  private Instant processedAt;

  protected StripeEvent() {}

  StripeEvent(String id, String type, long created, String payload) {
    this.id = id;
    this.type = type;
    this.created = created;
    this.payload = payload;
    this.status = PENDING;
    this.receivedAt = Times.now();
  }

  void processed() {
    status = PROCESSED;
    attempts++;
    error = null;
    processedAt = Times.now();
  }

  /** Records a failed attempt; the event stays pending until its last attempt. */
  void failed(String why) {
    attempts++;
    error = why == null ? "failed" : why.length() > 2000 ? why.substring(0, 2000) : why;
    if (attempts >= MAX_ATTEMPTS) {
      status = FAILED;
    }
  }

  public String id() {
    return id;
  }

  public String type() {
    return type;
  }

  public long created() {
    return created;
  }

  public String payload() {
    return payload;
  }

  public String status() {
    return status;
  }

  public int attempts() {
    return attempts;
  }
}
