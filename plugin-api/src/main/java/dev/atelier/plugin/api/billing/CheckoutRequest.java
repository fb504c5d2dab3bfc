package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * A checkout: the tenant paying, its provider customer id (null for a first purchase), the price
 * (provider's price id), quantity, whether it is a subscription, and where to return.
 *
 * @since 1.0.0
 */
@Incubating
public record CheckoutRequest(
    String tenantId,
    String customerId,
    String priceId,
    int quantity,
    boolean subscription,
    String successUrl,
    String cancelUrl) {}
