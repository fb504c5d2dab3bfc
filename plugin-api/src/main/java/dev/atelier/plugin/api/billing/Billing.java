package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The core's credit ledger and plans, for a billing plugin. Ledger methods act in the session's
 * tenant; plans are the platform's. Credits are integer units; the ledger is append-only and the
 * balance is the sum of its entries, kept exact under concurrent writers.
 *
 * @since 1.1.0
 */
@Incubating
public interface Billing {

  /** The tenant's account: its plan (the free plan without a subscription) and balance. */
  BillingAccount account();

  /**
   * Appends {@code posting} to the tenant's ledger and returns the entry; a posting whose {@code
   * reference} the ledger already holds is not appended again: the entry already there is returned
   * (so a provider's retried or reordered notifications count once).
   */
  LedgerEntry post(Posting posting);

  /** Whether the tenant's ledger holds an entry with {@code reference}. */
  boolean posted(String reference);

  /** The tenant's ledger entries, newest first. */
  Page<LedgerEntry> entries(PageRequest page);

  /**
   * The tenant's consumption between {@code from} (inclusive) and {@code to} (exclusive), grouped
   * by {@code day}, {@code agent} or {@code model}.
   */
  List<UsageTotal> usage(Instant from, Instant to, String groupBy);

  /**
   * Puts the tenant on plan {@code planKey} ({@code null}: back to the free plan) with the
   * subscription's {@code status} (e.g. {@code active}, {@code past_due}, {@code canceled}) and the
   * end of its current period (may be null).
   */
  BillingAccount subscribe(String planKey, String status, Instant periodEnd);

  /** The platform's plans, by key. */
  List<Plan> plans();

  /** The plan with this key. */
  Optional<Plan> plan(String key);

  /** Creates or replaces the plan with {@code plan.key()}. */
  Plan putPlan(Plan plan);

  /**
   * Takes {@code credits} (more than 0) from the tenant's balance as one {@code adjustment} entry
   * with {@code reference} and {@code description}, only if the balance covers them: otherwise
   * throws {@link dev.atelier.plugin.api.web.ProblemException} 402 {@code insufficient_credits} and
   * appends nothing. A reference the ledger already holds is not charged again (the entry already
   * there is returned), so concurrent spends of one reference charge once.
   *
   * @since 1.1.0
   */
  default LedgerEntry spend(long credits, String reference, String description) {
    throw new UnsupportedOperationException("This server cannot spend credits for plugins.");
  }

  /**
   * Opens a payment page at the tenant's billing provider (the started {@link BillingProvider}
   * switched on for the tenant) for {@code request}. Throws {@link
   * dev.atelier.plugin.api.web.ProblemException} 409 {@code payments_unavailable} when no provider
   * is on for the tenant or it takes no one-off payments, 502 when the provider failed.
   *
   * @since 1.1.0
   */
  default PaymentCheckout checkout(PaymentRequest request) {
    throw new UnsupportedOperationException("This server cannot take payments for plugins.");
  }

  /**
   * For billing providers: the payment {@code payment} (the provider's id of it) of a {@link
   * PaymentRequest} with {@code purpose} and {@code reference} was collected. Publishes {@link
   * dev.atelier.plugin.api.event.CoreEvents#PAYMENT_COMPLETED} in the tenant with the transaction
   * in progress; the provider calls it once per payment, and listeners act idempotently by {@code
   * payment}.
   *
   * @since 1.1.0
   */
  default void paid(String purpose, String reference, String payment) {
    throw new UnsupportedOperationException("This server cannot take payments for plugins.");
  }
}
