package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * A one-off payment a plugin asks the tenant's billing provider to collect at one of the provider's
 * prices (a marketplace item sold at a Stripe price, say). When the provider has been paid, the
 * core publishes {@link dev.atelier.plugin.api.event.CoreEvents#PAYMENT_COMPLETED} in the tenant
 * with {@code purpose} and {@code reference}, so the plugin that asked hears of it without knowing
 * the provider.
 *
 * @param priceId the provider's price (e.g. Stripe's {@code price_...})
 * @param purpose who asked: the asking plugin's id, e.g. {@code marketplace}
 * @param reference what is being paid for, as the asking plugin names it (up to 200 characters)
 * @param description a line for the provider's records
 * @param successUrl where the provider sends the payer after paying
 * @param cancelUrl where the provider sends the payer who gives up
 * @since 1.1.0
 */
@Incubating
public record PaymentRequest(
    String priceId,
    String purpose,
    String reference,
    String description,
    String successUrl,
    String cancelUrl) {}
