package dev.atelier.plugins.billing.stripe;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The workspace's billing: subscription, checkout, portal, credits, usage, transactions. */
@Path("api/v1/billing")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Billing",
    description =
        "The workspace's subscription and credits through Stripe: checkout, portal, usage and the"
            + " credit ledger (plugin billing-stripe)")
public class BillingResource {

  private final PluginContext context;
  private final Subscriptions subscriptions;
  private final AutoTopUps topUps;

  BillingResource(PluginContext context, Subscriptions subscriptions, AutoTopUps topUps) {
    this.context = context;
    this.subscriptions = subscriptions;
    this.topUps = topUps;
  }

  @GET
  @Path("subscription")
  @Operation(
      operationId = "getSubscription",
      summary = "The workspace's plan and Stripe subscription (free without one)")
  public SubscriptionView subscription() {
    return subscriptions.subscription(context.session());
  }

  @POST
  @Path("checkout")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "createCheckout",
      summary =
          "A Stripe Checkout Session (subscription mode) for a plan: send the customer to url")
  @APIResponse(
      responseCode = "502",
      description = "billing_provider_error: Stripe refused or could not be reached")
  @APIResponse(
      responseCode = "503",
      description = "billing_not_configured: the server has no Stripe secret key")
  public CheckoutView checkout(CheckoutRequest body) {
    return subscriptions.checkout(context.session(), body);
  }

  @POST
  @Path("portal")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "createPortalSession",
      summary = "A Stripe customer-portal session: invoices, payment methods, cancelling")
  @APIResponse(
      responseCode = "409",
      description = "no_customer: the workspace has not paid through Stripe yet")
  @APIResponse(
      responseCode = "502",
      description = "billing_provider_error: Stripe refused or could not be reached")
  @APIResponse(
      responseCode = "503",
      description = "billing_not_configured: the server has no Stripe secret key")
  public PortalView portal(PortalRequest body) {
    return subscriptions.portal(context.session(), body);
  }

  @GET
  @Path("credits")
  @Operation(
      operationId = "getCredits",
      summary = "The workspace's credit balance, monthly allowance, purchases and packages on sale")
  public CreditsView credits() {
    return subscriptions.credits(context.session());
  }

  @POST
  @Path("credits/purchase")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "purchaseCredits",
      summary =
          "A Stripe Checkout Session (payment mode) for a credit package: send the customer to url")
  @APIResponse(
      responseCode = "502",
      description = "billing_provider_error: Stripe refused or could not be reached")
  @APIResponse(
      responseCode = "503",
      description = "billing_not_configured: the server has no Stripe secret key")
  public CheckoutView purchase(PurchaseRequest body) {
    return subscriptions.purchase(context.session(), body);
  }

  @GET
  @Path("credits/auto-top-up")
  @Operation(
      operationId = "getAutoTopUp",
      summary = "The automatic top-up: the threshold, the package, and why it last failed")
  public AutoTopUpView autoTopUp() {
    return topUps.view(context.session());
  }

  @PUT
  @Path("credits/auto-top-up")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "putAutoTopUp",
      summary =
          "Sets the automatic top-up: below the threshold, the package is paid with the saved card")
  @APIResponse(
      responseCode = "409",
      description = "no_customer: the workspace has not paid through Stripe yet (no saved card)")
  public AutoTopUpView putAutoTopUp(AutoTopUpRequest body) {
    return topUps.put(context.session(), body);
  }

  @GET
  @Path("usage")
  @Operation(
      operationId = "getBillingUsage",
      summary = "Credits consumed by model calls between from and to, by day, agent or model")
  public UsageList usage(
      @Parameter(
              description = "Start, inclusive: a date (YYYY-MM-DD, UTC) or an RFC 3339 time",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("from")
          String from,
      @Parameter(
              description = "End, exclusive: a date (YYYY-MM-DD, UTC) or an RFC 3339 time",
              schema = @Schema(type = SchemaType.STRING))
          @QueryParam("to")
          String to,
      @Parameter(
              description = "day (default), agent or model",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"day", "agent", "model"}))
          @QueryParam("group_by")
          String groupBy) {
    return subscriptions.usage(context.session(), from, to, groupBy);
  }

  @GET
  @Path("transactions")
  @Operation(
      operationId = "listBillingTransactions",
      summary =
          "The workspace's credit ledger, newest first: grants, purchases, consumption, refunds")
  public Page<TransactionView> transactions(
      @Parameter(description = "Page size, 1-500 (50)", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("limit")
          String limit,
      @Parameter(description = "Entries to skip (0)", schema = @Schema(type = SchemaType.INTEGER))
          @QueryParam("offset")
          String offset) {
    return subscriptions.transactions(context.session(), PageRequest.of(limit, offset));
  }
}
