package dev.atelier.plugin.api.billing;

/**
 * A created checkout: the provider's session id and the URL to send the person to.
 *
 * @since 1.0.0
 */
public record CheckoutSession(String id, String url) {}
