/**
 * Stripe billing: subscriptions through Stripe Checkout and the customer portal, credit purchases,
 * the workspace's credits, usage and ledger, and Stripe's webhook, whose events are stored before
 * they are answered and applied once, in any order, to the core's ledger ({@code Billing}).
 */
package dev.atelier.plugins.billing.stripe;
