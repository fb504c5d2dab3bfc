package dev.atelier.core.metering;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

/**
 * A tenant's credit account: its plan (null: the free plan), the subscription's status, and the
 * balance, which every ledger write changes with this row locked, so it stays the sum of the
 * ledger.
 */
@Entity
@Table(name = "credit_accounts")
public class CreditAccount extends TenantOwned {

  @Id private String id;

  @Column(name = "plan_key")
  private String planKey;

  private String status;

  @Column(name = "period_end")
  private Instant periodEnd;

  @Column(nullable = false)
  private long balance;

  @Column(nullable = false)
  private long purchased;

  @Column(name = "free_grant_month")
  private String freeGrantMonth;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected CreditAccount() {}

  static CreditAccount open() {
    CreditAccount a = new CreditAccount();
    a.id = UUID.randomUUID().toString();
    a.updatedAt = Times.now();
    return a;
  }

  /** Adds {@code amount} (signed) to the balance; returns the balance after. */
  long add(long amount, boolean purchase) {
    balance = Math.addExact(balance, amount);
    if (purchase) {
      purchased = Math.addExact(purchased, amount);
    }
    updatedAt = Times.now();
    return balance;
  }

  /**
   * Records that the free grant of {@code month} is settled; false when it was already (so it is
   * granted at most once a month).
   */
  boolean settleFreeGrant(YearMonth month) {
    String m = month.toString();
    if (m.equals(freeGrantMonth)) {
      return false;
    }
    freeGrantMonth = m;
    updatedAt = Times.now();
    return true;
  }

  void subscribe(String planKey, String status, Instant periodEnd) {
    this.planKey = planKey;
    this.status = status;
    this.periodEnd = periodEnd;
    this.updatedAt = Times.now();
  }

  public String planKey() {
    return planKey;
  }

  public String status() {
    return status;
  }

  public Instant periodEnd() {
    return periodEnd;
  }

  public long balance() {
    return balance;
  }

  public long purchased() {
    return purchased;
  }
}
