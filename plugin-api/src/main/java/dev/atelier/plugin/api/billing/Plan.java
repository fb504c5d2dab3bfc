package dev.atelier.plugin.api.billing;

import dev.atelier.plugin.api.Incubating;
import java.util.List;
import java.util.Map;

/**
 * A plan a tenant subscribes to: its key, name, the provider's price id (null for a plan that is
 * not sold, like the free one), billing interval ({@code month} or {@code year}), the credits
 * granted each paid period, whether its tenants may run below zero credits, its limits and
 * features.
 *
 * @since 1.1.0
 */
@Incubating
public record Plan(
    String key,
    String name,
    String priceId,
    String interval,
    long monthlyCredits,
    boolean overage,
    Map<String, Long> limits,
    List<String> features) {

  /** The key of the plan of every tenant without a subscription. */
  public static final String FREE = "free";

  public Plan {
    limits = limits == null ? Map.of() : Map.copyOf(limits);
    features = features == null ? List.of() : List.copyOf(features);
  }
}
