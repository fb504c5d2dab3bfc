package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.billing.BillingAccount;
import dev.atelier.plugin.api.billing.LedgerEntry;
import dev.atelier.plugin.api.billing.PaymentCheckout;
import dev.atelier.plugin.api.billing.PaymentRequest;
import dev.atelier.plugin.api.billing.Plan;
import dev.atelier.plugin.api.billing.UsageTotal;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** What the routes do: subscriptions, checkouts, the portal, credits, usage and the ledger. */
final class Subscriptions {

  private final StripeSettings settings;
  private final StripeGateway stripe;
  private final StripeEvents events;

  Subscriptions(StripeSettings settings, StripeGateway stripe, StripeEvents events) {
    this.settings = settings;
    this.stripe = stripe;
    this.events = events;
  }

  SubscriptionView subscription(PluginSession session) {
    events.catchUp(session);
    BillingAccount account = session.billing().account();
    StripeAccount stripeAccount = session.data().read(em -> Accounts.find(em, false));
    return new SubscriptionView(
        account.plan(),
        account.status(),
        account.periodEnd(),
        stripeAccount != null && stripeAccount.cancelAtPeriodEnd(),
        stripeAccount != null && stripeAccount.customerId() != null);
  }

  CheckoutView checkout(PluginSession session, CheckoutRequest body) {
    Check.body(body).text("plan", body == null ? null : body.plan(), 64).done();
    urls(body.successUrl(), body.cancelUrl());
    Plan plan =
        session
            .billing()
            .plan(body.plan())
            .orElseThrow(() -> ProblemException.validation("plan", "no such plan"));
    if (plan.priceId() == null) {
      throw ProblemException.validation("plan", "this plan is not sold");
    }
    String customer = customer(session);
    StripeGateway.Checkout c =
        stripe.subscribe(
            session.tenantId(), customer, plan.priceId(), body.successUrl(), body.cancelUrl());
    return new CheckoutView(c.url(), c.sessionId());
  }

  PortalView portal(PluginSession session, PortalRequest body) {
    Check.body(body).required("return_url", body == null ? null : body.returnUrl()).done();
    url("return_url", body.returnUrl());
    StripeAccount account = session.data().read(em -> Accounts.find(em, false));
    if (account == null || account.customerId() == null) {
      throw ProblemException.conflict(
          "no_customer", "The workspace has not paid through Stripe yet: subscribe first.");
    }
    return new PortalView(stripe.portal(account.customerId(), body.returnUrl()));
  }

  CreditsView credits(PluginSession session) {
    events.catchUp(session);
    BillingAccount a = session.billing().account();
    return new CreditsView(
        a.balance(),
        a.monthlyAllowance(),
        a.purchased(),
        a.plan(),
        a.overage(),
        settings.packages().values().stream()
            .map(p -> new PackageView(p.key(), p.credits()))
            .toList());
  }

  CheckoutView purchase(PluginSession session, PurchaseRequest body) {
    Check.body(body).text("package", body == null ? null : body.pack(), 64).done();
    urls(body.successUrl(), body.cancelUrl());
    CreditPackage pack = settings.packages().get(body.pack());
    if (pack == null) {
      throw ProblemException.validation("package", "no such credit package");
    }
    String customer = customer(session);
    StripeGateway.Checkout c =
        stripe.buyCredits(session.tenantId(), customer, pack, body.successUrl(), body.cancelUrl());
    return new CheckoutView(c.url(), c.sessionId());
  }

  /**
   * A Checkout Session for another plugin's one-off payment (through the core's billing seam): the
   * URLs checked as for credits, the price and reference as Stripe's metadata allows.
   */
  PaymentCheckout pay(PluginSession session, PaymentRequest request) {
    Check.start()
        .that(
            request.priceId() != null && request.priceId().matches("price_[A-Za-z0-9_]{1,200}"),
            "stripe_price_id",
            "must be a Stripe price id (price_...)")
        .that(
            request.reference() != null
                && !request.reference().isBlank()
                && request.reference().length() <= 200,
            "reference",
            "must be 1-200 characters")
        .done();
    urls(request.successUrl(), request.cancelUrl());
    String customer = customer(session);
    StripeGateway.Checkout c = stripe.pay(session.tenantId(), customer, request);
    return new PaymentCheckout(c.sessionId(), c.url());
  }

  UsageList usage(PluginSession session, String from, String to, String groupBy) {
    String group = groupBy == null || groupBy.isBlank() ? "day" : groupBy;
    Instant start = instant("from", from);
    Instant end = instant("to", to);
    List<UsageTotal> totals = session.billing().usage(start, end, group);
    return new UsageList(
        group,
        totals.stream()
            .map(
                t ->
                    new UsageView(
                        t.key(), t.credits(), t.calls(), t.tokensInput(), t.tokensOutput()))
            .toList());
  }

  Page<TransactionView> transactions(PluginSession session, PageRequest page) {
    Page<LedgerEntry> entries = session.billing().entries(page);
    return new Page<>(
        entries.items().stream().map(Subscriptions::view).toList(),
        entries.total(),
        entries.limit(),
        entries.offset());
  }

  private static TransactionView view(LedgerEntry e) {
    return new TransactionView(
        e.id(),
        e.kind(),
        e.amount(),
        e.balanceAfter(),
        e.reference(),
        e.description(),
        e.runId(),
        e.agent(),
        e.model(),
        e.tokensInput(),
        e.tokensOutput(),
        e.createdAt());
  }

  /** The workspace's Stripe customer, created (once) on its first checkout. */
  private String customer(PluginSession session) {
    StripeAccount account = session.data().read(em -> Accounts.find(em, false));
    if (account != null && account.customerId() != null) {
      return account.customerId();
    }
    String email = session.caller().map(CallerInfo::email).orElse(null);
    // Stripe answers retries with the same idempotency key with the same customer
    String created = stripe.createCustomer(session.tenantId(), email);
    Accounts.open(session);
    return session
        .data()
        .inTransaction(
            em -> {
              StripeAccount a = Accounts.locked(em);
              a.customer(created);
              return a.customerId();
            });
  }

  /** A date ({@code YYYY-MM-DD}, from its start in UTC) or an RFC 3339 time; null when absent. */
  private static Instant instant(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return java.time.OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.validation(field, "must be a date (YYYY-MM-DD) or an RFC 3339 time");
    }
  }

  private static void urls(String success, String cancel) {
    url("success_url", success);
    url("cancel_url", cancel);
  }

  private static void url(String field, String value) {
    boolean ok = false;
    if (value != null && value.length() <= 2000) {
      try {
        URI u = new URI(value);
        ok =
            u.isAbsolute()
                && ("https".equalsIgnoreCase(u.getScheme())
                    || "http".equalsIgnoreCase(u.getScheme()))
                && u.getHost() != null;
      } catch (URISyntaxException e) {
        ok = false;
      }
    }
    if (!ok) {
      throw ProblemException.validation(field, "must be an absolute http or https URL");
    }
  }
}
