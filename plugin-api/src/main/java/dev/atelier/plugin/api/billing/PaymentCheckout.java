package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * A payment page the billing provider opened for a {@link PaymentRequest}: its id at the provider
 * and where to send the payer.
 *
 * @since 1.1.0
 */
@Incubating
public record PaymentCheckout(String sessionId, String url) {}
