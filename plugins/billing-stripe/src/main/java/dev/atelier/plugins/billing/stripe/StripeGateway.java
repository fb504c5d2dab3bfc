package dev.atelier.plugins.billing.stripe;

import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Price;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import dev.atelier.plugin.api.billing.PaymentRequest;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.logging.Logger;

/** The calls to Stripe's API, through stripe-java; its failures become 502 problems. */
final class StripeGateway {

  /** A created Checkout Session: its id and where to send the customer. */
  record Checkout(String sessionId, String url) {}

  private final StripeSettings settings;
  private final Logger log;

  StripeGateway(StripeSettings settings, Logger log) {
    this.settings = settings;
    this.log = log;
  }

  /** A new customer for {@code tenantId}; the same one for retries within Stripe's 24 hours. */
  String createCustomer(String tenantId, String email) {
    try {
      Customer c =
          settings
              .client()
              .customers()
              .create(
                  CustomerCreateParams.builder()
                      .setEmail(email)
                      .putMetadata("tenant_id", tenantId)
                      .build(),
                  RequestOptions.builder()
                      .setIdempotencyKey("atelier-customer-" + tenantId)
                      .build());
      return c.getId();
    } catch (StripeException e) {
      throw failed("create a customer", e);
    }
  }

  /** A subscription-mode Checkout Session for {@code priceId}. */
  Checkout subscribe(
      String tenantId, String customerId, String priceId, String successUrl, String cancelUrl) {
    SessionCreateParams params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
            .setCustomer(customerId)
            .setClientReferenceId(tenantId)
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            .setSuccessUrl(successUrl)
            .setCancelUrl(cancelUrl)
            .putMetadata("tenant_id", tenantId)
            .putMetadata("kind", "subscription")
            .setSubscriptionData(
                SessionCreateParams.SubscriptionData.builder()
                    .putMetadata("tenant_id", tenantId)
                    .build())
            .build();
    return checkout(params);
  }

  /** A payment-mode Checkout Session for credit pack {@code pack}. */
  Checkout buyCredits(
      String tenantId, String customerId, CreditPackage pack, String successUrl, String cancelUrl) {
    String credits = Long.toString(pack.credits());
    SessionCreateParams params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setCustomer(customerId)
            .setClientReferenceId(tenantId)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(pack.priceId())
                    .setQuantity(1L)
                    .build())
            .setSuccessUrl(successUrl)
            .setCancelUrl(cancelUrl)
            .putMetadata("tenant_id", tenantId)
            .putMetadata("kind", "credits")
            .putMetadata("package", pack.key())
            .putMetadata("credits", credits)
            .setPaymentIntentData(
                SessionCreateParams.PaymentIntentData.builder()
                    // the card is kept for automatic top-ups, paid without the customer
                    .setSetupFutureUsage(
                        SessionCreateParams.PaymentIntentData.SetupFutureUsage.OFF_SESSION)
                    .putMetadata("tenant_id", tenantId)
                    .putMetadata("credits", credits)
                    .build())
            .build();
    return checkout(params);
  }

  /**
   * A payment-mode Checkout Session for a plugin's one-off payment at {@code request}'s price; its
   * metadata carries the purpose and reference that {@code checkout.session.completed} reports.
   */
  Checkout pay(String tenantId, String customerId, PaymentRequest request) {
    SessionCreateParams params =
        SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setCustomer(customerId)
            .setClientReferenceId(tenantId)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setPrice(request.priceId())
                    .setQuantity(1L)
                    .build())
            .setSuccessUrl(request.successUrl())
            .setCancelUrl(request.cancelUrl())
            .putMetadata("tenant_id", tenantId)
            .putMetadata("kind", "payment")
            .putMetadata("purpose", request.purpose())
            .putMetadata("reference", request.reference())
            .setPaymentIntentData(
                SessionCreateParams.PaymentIntentData.builder()
                    .setDescription(request.description())
                    .putMetadata("tenant_id", tenantId)
                    .build())
            .build();
    return checkout(params);
  }

  private Checkout checkout(SessionCreateParams params) {
    try {
      com.stripe.model.checkout.Session s = settings.client().checkout().sessions().create(params);
      return new Checkout(s.getId(), s.getUrl());
    } catch (StripeException e) {
      throw failed("create a Checkout Session", e);
    }
  }

  /** A top-up payment Stripe answered: its PaymentIntent and that intent's status. */
  record TopUp(String intentId, String status) {}

  /** Stripe refused a top-up for good: a declined card, no saved card, a price it cannot charge. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * Pays credit pack {@code pack} off-session with the customer's default card (or the first one it
   * saved): a PaymentIntent confirmed at once, its idempotency key naming the workspace's {@code
   * sequence}-th top-up, so a retry after a lost answer never pays twice. Throws {@link Refused}
   * when Stripe refuses the payment, a 502 problem when it cannot be reached.
   */
  TopUp topUp(String tenantId, String customerId, CreditPackage pack, long sequence) {
    try {
      var client = settings.client();
      Customer customer = client.customers().retrieve(customerId);
      String card =
          customer.getInvoiceSettings() == null
              ? null
              : customer.getInvoiceSettings().getDefaultPaymentMethod();
      if (card == null) {
        var saved = client.customers().paymentMethods().list(customerId).getData();
        if (saved == null || saved.isEmpty()) {
          throw new Refused("The workspace has no saved card: buy credits once to save one.");
        }
        card = saved.get(0).getId();
      }
      Price price = client.prices().retrieve(pack.priceId());
      if (price.getUnitAmount() == null || price.getUnitAmount() <= 0) {
        throw new Refused("The price of package " + pack.key() + " has no fixed amount.");
      }
      PaymentIntent intent =
          client
              .paymentIntents()
              .create(
                  PaymentIntentCreateParams.builder()
                      .setAmount(price.getUnitAmount())
                      .setCurrency(price.getCurrency())
                      .setCustomer(customerId)
                      .setPaymentMethod(card)
                      .setOffSession(true)
                      .setConfirm(true)
                      .setDescription("Credits: " + pack.key() + " (automatic top-up)")
                      .putMetadata("tenant_id", tenantId)
                      .putMetadata("kind", "auto_top_up")
                      .putMetadata("package", pack.key())
                      .putMetadata("credits", Long.toString(pack.credits()))
                      .build(),
                  RequestOptions.builder()
                      .setIdempotencyKey("atelier-top-up-" + tenantId + "-" + sequence)
                      .build());
      return new TopUp(intent.getId(), intent.getStatus());
    } catch (CardException | InvalidRequestException e) {
      throw new Refused(
          "Stripe refused the payment"
              + (e.getCode() == null ? "" : " (" + e.getCode() + ")")
              + (e.getStripeError() == null || e.getStripeError().getMessage() == null
                  ? "."
                  : ": " + e.getStripeError().getMessage()));
    } catch (StripeException e) {
      throw failed("pay an automatic top-up", e);
    }
  }

  /** A customer-portal session URL for {@code customerId}. */
  String portal(String customerId, String returnUrl) {
    try {
      return settings
          .client()
          .billingPortal()
          .sessions()
          .create(
              com.stripe.param.billingportal.SessionCreateParams.builder()
                  .setCustomer(customerId)
                  .setReturnUrl(returnUrl)
                  .build())
          .getUrl();
    } catch (StripeException e) {
      throw failed("create a portal session", e);
    }
  }

  private ProblemException failed(String what, StripeException e) {
    log.warning(
        "Stripe refused to "
            + what
            + ": "
            + e.getStatusCode()
            + " "
            + e.getCode()
            + " (request "
            + e.getRequestId()
            + ")");
    return new ProblemException(
        502,
        "billing_provider_error",
        "Bad gateway",
        "Stripe could not " + what + (e.getCode() == null ? "." : " (" + e.getCode() + ")."));
  }
}
