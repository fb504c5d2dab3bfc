package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import java.time.Instant;

/**
 * A tenant's billing account: its plan ({@link Plan#FREE} without a subscription), the
 * subscription's status and period end (null without one), the credit balance, what its plan grants
 * each month, what it bought in all, and whether it may run below zero.
 *
 * @since 1.1.0
 */
@Incubating
public record BillingAccount(
    String plan,
    String status,
    Instant periodEnd,
    long balance,
    long monthlyAllowance,
    long purchased,
    boolean overage) {}
