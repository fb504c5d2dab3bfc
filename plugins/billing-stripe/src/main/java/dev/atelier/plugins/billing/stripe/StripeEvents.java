package dev.atelier.plugins.billing.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.billing.Billing;
import dev.atelier.plugin.api.billing.Plan;
import dev.atelier.plugin.api.billing.Posting;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.webhook.InboundWebhook;
import dev.atelier.plugin.api.webhook.WebhookReply;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stripe's events: a delivery is checked ({@code Stripe-Signature} over the raw body), stored under
 * Stripe's event id in the workspace it names and answered; the stored events of a workspace are
 * then applied one at a time, oldest first, with its account row locked. Applying is idempotent:
 * ledger postings carry Stripe's ids as references, and subscription changes older than the last
 * one applied are skipped, so retried, duplicated and reordered events leave the same state.
 */
final class StripeEvents {

  /** The event types applied; others are acknowledged and dropped. */
  static final Set<String> HANDLED =
      Set.of(
          "checkout.session.completed",
          "customer.subscription.created",
          "customer.subscription.updated",
          "customer.subscription.deleted",
          "invoice.paid",
          "invoice.payment_failed",
          "charge.refunded",
          "payment_intent.succeeded",
          "payment_intent.payment_failed");

  private final PluginContext context;
  private final StripeSettings settings;
  private final Logger log;

  StripeEvents(PluginContext context, StripeSettings settings) {
    this.context = context;
    this.settings = settings;
    this.log = context.logger();
  }

  /** One delivery: 400 {@code bad_signature} unless signed with a webhook secret, in time. */
  WebhookReply receive(InboundWebhook request) {
    String payload = new String(request.body(), StandardCharsets.UTF_8);
    verify(payload, request.header("stripe-signature").orElse(null));
    JsonObject event = parse(payload);
    String id = Json.text(event, "id");
    String type = Json.text(event, "type");
    Long created = Json.number(event, "created");
    JsonObject object = Json.object(event, "data", "object");
    if (id == null || type == null || created == null || object == null || id.length() > 255) {
      throw ProblemException.badRequest("malformed_event", "The body is not a Stripe event.");
    }
    if (!HANDLED.contains(type)) {
      return reply("ignored");
    }
    String tenantId = tenantOf(object);
    if (tenantId == null) {
      log.info("Stripe event " + id + " (" + type + ") names no workspace: ignored");
      return reply("ignored");
    }
    try {
      return context.inTenant(tenantId, s -> store(s, id, type, created, payload));
    } catch (ProblemException e) {
      if (e.status() == 404 || e.status() == 403) {
        // a workspace that is gone, or that switched billing off: Stripe need not retry
        log.info("Stripe event " + id + " for workspace " + tenantId + ": " + e.code());
        return reply("ignored");
      }
      throw e;
    }
  }

  private void verify(String payload, String header) {
    if (header == null || header.isBlank() || settings.webhookSecrets().isEmpty()) {
      throw badSignature();
    }
    for (String secret : settings.webhookSecrets()) {
      try {
        if (Webhook.Signature.verifyHeader(payload, header, secret, settings.toleranceSeconds())) {
          return;
        }
      } catch (SignatureVerificationException e) {
        // try the next secret
      }
    }
    throw badSignature();
  }

  private static ProblemException badSignature() {
    return ProblemException.badRequest(
        "bad_signature", "The Stripe-Signature header does not sign this body, or is too old.");
  }

  private static JsonObject parse(String payload) {
    try (JsonReader r = jakarta.json.Json.createReader(new StringReader(payload))) {
      return r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw ProblemException.badRequest("malformed_event", "The body is not a Stripe event.");
    }
  }

  /** The workspace an event's object names (set by the plugin on what it creates at Stripe). */
  static String tenantOf(JsonObject object) {
    String[][] paths = {
      {"metadata", "tenant_id"},
      {"client_reference_id"},
      {"parent", "subscription_details", "metadata", "tenant_id"},
      {"subscription_details", "metadata", "tenant_id"}
    };
    for (String[] path : paths) {
      String t = Json.text(object, path);
      if (t != null && !t.isBlank() && t.length() <= 36) {
        return t;
      }
    }
    return null;
  }

  private WebhookReply store(
      PluginSession session, String id, String type, long created, String payload) {
    boolean stored;
    try {
      stored =
          session
              .data()
              .inTransaction(
                  em -> {
                    if (em.find(StripeEvent.class, id) != null) {
                      return false;
                    }
                    em.persist(new StripeEvent(id, type, created, payload));
                    em.flush();
                    return true;
                  });
    } catch (RuntimeException e) {
      if (!session.data().isUniqueViolation(e)) {
        throw e;
      }
      stored = false; // the same event, delivered twice at once
    }
    session.scheduler().later(Duration.ZERO, this::drain);
    return reply(stored ? "stored" : "duplicate");
  }

  private static WebhookReply reply(String outcome) {
    return WebhookReply.json("{\"received\":true,\"outcome\":\"" + outcome + "\"}");
  }

  /**
   * Schedules the workspace's events that were never tried, if it has any: those a stopped node
   * stored but did not apply are applied on the workspace's next delivery or its next read of its
   * billing. Events that failed wait for their back-off.
   */
  void catchUp(PluginSession session) {
    long pending =
        session
            .data()
            .read(
                em ->
                    em.createQuery(
                            "SELECT COUNT(e) FROM StripeEvent e"
                                + " WHERE e.status = :s AND e.attempts = 0",
                            Long.class)
                        .setParameter("s", StripeEvent.PENDING)
                        .getSingleResult());
    if (pending > 0) {
      session.scheduler().later(Duration.ZERO, this::drain);
    }
  }

  /** Applies the workspace's pending events, oldest first; a failure is retried later. */
  void drain(PluginSession session) {
    List<String> pending =
        session
            .data()
            .read(
                em ->
                    em.createQuery(
                            "SELECT e.id FROM StripeEvent e WHERE e.status = :s"
                                + " ORDER BY e.created, e.receivedAt",
                            String.class)
                        .setParameter("s", StripeEvent.PENDING)
                        .getResultList());
    for (String id : pending) {
      try {
        Accounts.open(session);
        session
            .data()
            .inTransaction(
                em -> {
                  StripeAccount account = Accounts.locked(em);
                  StripeEvent e = em.find(StripeEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
                  if (e == null || !StripeEvent.PENDING.equals(e.status())) {
                    return null; // applied meanwhile by another worker
                  }
                  apply(session.billing(), em, account, e);
                  e.processed();
                  return null;
                });
      } catch (RuntimeException ex) {
        log.log(Level.WARNING, "Stripe event " + id + " could not be applied", ex);
        int attempts =
            session
                .data()
                .inTransaction(
                    em -> {
                      StripeEvent e = em.find(StripeEvent.class, id);
                      if (e == null || !StripeEvent.PENDING.equals(e.status())) {
                        return 0;
                      }
                      e.failed(ex.toString());
                      return StripeEvent.PENDING.equals(e.status()) ? e.attempts() : 0;
                    });
        if (attempts > 0) {
          session.scheduler().later(Duration.ofSeconds(5L << Math.min(attempts, 6)), this::drain);
        }
        return; // keep the order: later events wait for this one
      }
    }
  }

  private void apply(Billing billing, EntityManager em, StripeAccount account, StripeEvent event) {
    JsonObject object = Json.object(parse(event.payload()), "data", "object");
    switch (event.type()) {
      case "checkout.session.completed" -> checkoutCompleted(billing, account, object);
      case "customer.subscription.created", "customer.subscription.updated" ->
          subscriptionChanged(billing, account, object, event.created(), false);
      case "customer.subscription.deleted" ->
          subscriptionChanged(billing, account, object, event.created(), true);
      case "invoice.paid" -> invoicePaid(billing, account, object);
      case "invoice.payment_failed" -> paymentFailed(billing, account, event.created());
      case "charge.refunded" -> refunded(billing, em, object);
      case "payment_intent.succeeded" -> topUpSucceeded(billing, account, object);
      case "payment_intent.payment_failed" -> topUpFailed(account, object);
      default -> {}
    }
  }

  private void checkoutCompleted(Billing billing, StripeAccount account, JsonObject session) {
    account.customer(Json.id(session, "customer"));
    if ("payment".equals(Json.text(session, "metadata", "kind"))
        && "paid".equals(Json.text(session, "payment_status"))) {
      paymentCompleted(billing, session);
      return;
    }
    if (!"credits".equals(Json.text(session, "metadata", "kind"))
        || !"paid".equals(Json.text(session, "payment_status"))) {
      return;
    }
    Long credits = Json.number(session, "metadata", "credits");
    if (credits == null || credits <= 0) {
      throw new IllegalStateException("checkout session without credits in its metadata");
    }
    billing.post(
        new Posting(
            "purchase",
            credits,
            "checkout:" + Json.text(session, "id"),
            "Credits bought: " + Json.text(session, "metadata", "package")));
  }

  /** Another plugin's one-off payment was paid: the core announces it (once per event applied). */
  private static void paymentCompleted(Billing billing, JsonObject session) {
    String purpose = Json.text(session, "metadata", "purpose");
    String reference = Json.text(session, "metadata", "reference");
    if (purpose == null || reference == null) {
      throw new IllegalStateException("payment checkout without purpose or reference");
    }
    billing.paid(purpose, reference, Json.text(session, "id"));
  }

  private void subscriptionChanged(
      Billing billing, StripeAccount account, JsonObject sub, long created, boolean deleted) {
    account.customer(Json.id(sub, "customer"));
    if (!account.newer(created)) {
      return; // an older state than the one applied
    }
    String status = Json.text(sub, "status");
    if (deleted || "canceled".equals(status) || "incomplete_expired".equals(status)) {
      account.subscription(null, "canceled", null, null, false);
      billing.subscribe(null, "canceled", null);
      return;
    }
    String price = Json.id(sub, "items", "data", "0", "price");
    Plan plan =
        planAt(billing, price)
            .orElseThrow(() -> new IllegalStateException("no plan is sold at price " + price));
    Long end = Json.number(sub, "items", "data", "0", "current_period_end");
    if (end == null) {
      end = Json.number(sub, "current_period_end");
    }
    Instant periodEnd = end == null ? null : Instant.ofEpochSecond(end);
    account.subscription(
        Json.text(sub, "id"), status, price, periodEnd, Json.isTrue(sub, "cancel_at_period_end"));
    billing.subscribe(plan.key(), status, periodEnd);
  }

  private void invoicePaid(Billing billing, StripeAccount account, JsonObject invoice) {
    account.customer(Json.id(invoice, "customer"));
    String price = Json.id(invoice, "lines", "data", "0", "pricing", "price_details", "price");
    if (price == null) {
      price = Json.id(invoice, "lines", "data", "0", "price");
    }
    Optional<Plan> plan = planAt(billing, price);
    if (plan.isEmpty() || plan.get().monthlyCredits() <= 0) {
      return; // not a plan's invoice, or a plan without credits
    }
    billing.post(
        new Posting(
            "grant",
            plan.get().monthlyCredits(),
            "invoice:" + Json.text(invoice, "id"),
            "Credits of plan " + plan.get().key() + " for the period"));
  }

  /** An automatic top-up paid: its credits, once (the route that paid it may have posted them). */
  private void topUpSucceeded(Billing billing, StripeAccount account, JsonObject intent) {
    Long credits = Json.number(intent, "metadata", "credits");
    String id = Json.text(intent, "id");
    if (!"auto_top_up".equals(Json.text(intent, "metadata", "kind"))
        || credits == null
        || credits <= 0
        || id == null) {
      return; // a Checkout's payment: its checkout.session.completed counts it
    }
    if (billing.posted("topup:" + id)) {
      return;
    }
    billing.post(
        new Posting(
            "purchase",
            credits,
            "topup:" + id,
            "Automatic top-up: package " + Json.text(intent, "metadata", "package")));
    if (account.topUpInFlight()) {
      account.topUpPaid();
    }
  }

  /** An automatic top-up in flight failed: switched off, with Stripe's reason. */
  private void topUpFailed(StripeAccount account, JsonObject intent) {
    if (!"auto_top_up".equals(Json.text(intent, "metadata", "kind")) || !account.topUpInFlight()) {
      return;
    }
    String reason = Json.text(intent, "last_payment_error", "message");
    account.topUpFailed("Stripe refused the payment" + (reason == null ? "." : ": " + reason));
  }

  private void paymentFailed(Billing billing, StripeAccount account, long created) {
    if (account.subscriptionId() == null || !account.newer(created)) {
      return;
    }
    account.status("past_due");
    billing.subscribe(billing.account().plan(), "past_due", account.periodEnd());
  }

  private void refunded(Billing billing, EntityManager em, JsonObject charge) {
    String chargeId = Json.text(charge, "id");
    Long credits = Json.number(charge, "metadata", "credits");
    Long amount = Json.number(charge, "amount");
    Long refundedAmount = Json.number(charge, "amount_refunded");
    if (chargeId == null
        || credits == null
        || amount == null
        || amount <= 0
        || refundedAmount == null) {
      return; // not a credit purchase
    }
    StripeRefund r = em.find(StripeRefund.class, chargeId);
    if (r == null) {
      r = new StripeRefund(chargeId);
      em.persist(r);
    }
    if (refundedAmount <= r.refunded()) {
      return; // an older or the same state of the refunds
    }
    long target =
        refundedAmount >= amount
            ? credits
            : java.math.BigInteger.valueOf(credits)
                .multiply(java.math.BigInteger.valueOf(refundedAmount))
                .divide(java.math.BigInteger.valueOf(amount))
                .longValueExact();
    long delta = target - r.credits();
    if (delta > 0) {
      billing.post(
          new Posting(
              "refund",
              -delta,
              "refund:" + chargeId + ":" + refundedAmount,
              "Refund of charge " + chargeId));
    }
    r.to(refundedAmount, target);
  }

  private static Optional<Plan> planAt(Billing billing, String priceId) {
    if (priceId == null) {
      return Optional.empty();
    }
    return billing.plans().stream().filter(p -> priceId.equals(p.priceId())).findFirst();
  }
}
