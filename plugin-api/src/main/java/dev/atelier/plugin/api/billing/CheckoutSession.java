package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;

/**
 * A created checkout: the provider's session id and the URL to send the person to.
 *
 * @since 1.0.0
 */
@Incubating
public record CheckoutSession(String id, String url) {}
