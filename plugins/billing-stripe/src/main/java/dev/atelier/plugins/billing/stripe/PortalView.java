package dev.atelier.plugins.billing.stripe;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Stripe's customer portal for the workspace. */
public record PortalView(@Schema(description = "The portal session's page") String url) {}
