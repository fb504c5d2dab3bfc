package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.billing.Posting;
import dev.atelier.plugin.api.data.Times;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Automatic top-up: once a run of a workspace has left its balance below the threshold, a credit
 * package is paid off-session with the customer's saved card and its credits posted as a purchase
 * ({@code topup:<PaymentIntent>}, the same reference Stripe's {@code payment_intent.succeeded}
 * event posts, so it counts once). One top-up is in flight per workspace at a time (its account row
 * locked while it is marked); a payment Stripe refuses switches the top-up off with the reason, one
 * Stripe cannot be reached for is tried again with the same idempotency key.
 */
final class AutoTopUps {

  /** How long a top-up in flight keeps others off (a node that died while paying it). */
  static final Duration IN_FLIGHT = Duration.ofMinutes(10);

  /** The highest threshold accepted. */
  static final long MAX_THRESHOLD = 1_000_000_000_000L;

  private final StripeSettings settings;
  private final StripeGateway stripe;
  private final Logger log;

  AutoTopUps(StripeSettings settings, StripeGateway stripe, Logger log) {
    this.settings = settings;
    this.stripe = stripe;
    this.log = log;
  }

  AutoTopUpView view(PluginSession session) {
    return AutoTopUpView.of(session.data().read(em -> Accounts.find(em, false)));
  }

  /**
   * Sets the top-up: 422 for a bad threshold or package, 409 {@code no_customer} when switching it
   * on for a workspace that never paid through Stripe (it has no card to charge).
   */
  AutoTopUpView put(PluginSession session, AutoTopUpRequest body) {
    Check.body(body).required("enabled", body == null ? null : body.enabled()).done();
    boolean on = body.enabled();
    Check check = Check.start();
    if (on || body.threshold() != null) {
      check
          .required("threshold", body.threshold())
          .that(
              body.threshold() == null
                  || (body.threshold() >= 0 && body.threshold() <= MAX_THRESHOLD),
              "threshold",
              "must be 0 to " + MAX_THRESHOLD);
    }
    if (on || body.pack() != null) {
      check
          .required("package", body.pack())
          .that(
              body.pack() == null || settings.packages().containsKey(body.pack()),
              "package",
              "no such credit package");
    }
    check.done();
    Accounts.open(session);
    return session
        .data()
        .inTransaction(
            em -> {
              StripeAccount a = Accounts.locked(em);
              if (on && a.customerId() == null) {
                throw ProblemException.conflict(
                    "no_customer",
                    "The workspace has not paid through Stripe yet: buy credits once, which saves"
                        + " the card top-ups are paid with.");
              }
              a.autoTopUp(
                  on,
                  body.threshold() == null ? a.topUpThreshold() : body.threshold(),
                  body.pack() == null ? a.topUpPackage() : body.pack());
              return AutoTopUpView.of(a);
            });
  }

  /**
   * Tops the session's workspace up when its top-up is on and its balance is below the threshold.
   * Throws (so the event that asked is delivered again later) when Stripe cannot be reached.
   */
  void check(PluginSession session) {
    StripeAccount seen = session.data().read(em -> Accounts.find(em, false));
    if (seen == null || !seen.autoTopUp() || seen.customerId() == null) {
      return;
    }
    if (session.billing().account().balance() >= seen.topUpThreshold()) {
      return;
    }
    CreditPackage pack = settings.packages().get(seen.topUpPackage());
    if (pack == null) {
      session
          .data()
          .inTransaction(
              em -> {
                Accounts.locked(em).topUpFailed("The credit package is no longer sold.");
                return null;
              });
      return;
    }
    Long sequence =
        session
            .data()
            .inTransaction(
                em -> {
                  StripeAccount a = Accounts.locked(em);
                  return a.autoTopUp() && a.startTopUp(Times.now(), IN_FLIGHT)
                      ? a.topUps() + 1
                      : null;
                });
    if (sequence == null) {
      return; // switched off meanwhile, or another node is paying
    }
    if (session.billing().account().balance() >= seen.topUpThreshold()) {
      settle(session, StripeAccount::topUpLater); // a top-up just paid lifted it
      return;
    }
    StripeGateway.TopUp paid;
    try {
      paid = stripe.topUp(session.tenantId(), seen.customerId(), pack, sequence);
    } catch (StripeGateway.Refused e) {
      log.warning("Automatic top-up of workspace " + session.tenantId() + ": " + e.getMessage());
      settle(session, a -> a.topUpFailed(e.getMessage()));
      return;
    } catch (RuntimeException e) {
      settle(session, StripeAccount::topUpLater);
      throw e;
    }
    switch (paid.status()) {
      case "succeeded" -> {
        post(session, paid.intentId(), pack.key(), pack.credits());
        settle(session, StripeAccount::topUpPaid);
      }
      case "processing" -> {} // Stripe's payment_intent event settles it
      default ->
          settle(
              session,
              a ->
                  a.topUpFailed(
                      "The payment needs the customer (" + paid.status() + "): pay once by hand."));
    }
  }

  /** Posts the credits of top-up {@code intentId}; once, whoever posts it first. */
  static void post(PluginSession session, String intentId, String pack, long credits) {
    session
        .billing()
        .post(
            new Posting(
                "purchase", credits, "topup:" + intentId, "Automatic top-up: package " + pack));
  }

  private static void settle(PluginSession session, java.util.function.Consumer<StripeAccount> c) {
    session
        .data()
        .inTransaction(
            em -> {
              c.accept(Accounts.locked(em));
              return null;
            });
  }
}
