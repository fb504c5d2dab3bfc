package dev.atelier.plugins.billing.stripe;

import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
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
                    .putMetadata("tenant_id", tenantId)
                    .putMetadata("credits", credits)
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
