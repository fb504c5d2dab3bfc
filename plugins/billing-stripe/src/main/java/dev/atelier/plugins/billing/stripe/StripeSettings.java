package dev.atelier.plugins.billing.stripe;

import com.stripe.StripeClient;
import dev.atelier.plugin.api.PluginConfig;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The plugin's settings ({@code atelier.plugin.billing-stripe.*}, or {@code
 * ATELIER_PLUGIN_BILLING_STRIPE_*}): {@code api-base} (Stripe's API, {@code https://api.stripe.com}
 * by default), {@code secret-key}, {@code webhook-secret} (several, separated by commas, while a
 * secret is rolled), {@code webhook-tolerance-seconds} (300) and {@code credit-packages}.
 */
final class StripeSettings {

  static final String DEFAULT_API_BASE = "https://api.stripe.com";

  private final String apiBase;
  private final String secretKey;
  private final List<String> webhookSecrets;
  private final long toleranceSeconds;
  private final Map<String, CreditPackage> packages;
  private volatile StripeClient client;

  StripeSettings(PluginConfig config, Logger log) {
    this.apiBase = strip(config.get("api-base", DEFAULT_API_BASE));
    this.secretKey =
        config.get("secret-key").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    this.webhookSecrets =
        config
            .get("webhook-secret")
            .map(
                s ->
                    Arrays.stream(s.split(","))
                        .map(String::strip)
                        .filter(x -> !x.isEmpty())
                        .toList())
            .orElse(List.of());
    this.toleranceSeconds = Math.max(1, config.getInt("webhook-tolerance-seconds", 300));
    List<String> errors = new ArrayList<>();
    this.packages = CreditPackage.parse(config.get("credit-packages").orElse(null), errors);
    errors.forEach(e -> log.warning("credit-packages: " + e));
  }

  private static String strip(String base) {
    String b = base.strip();
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  /**
   * Stripe's client, on the configured API base; 503 {@code billing_not_configured} without key.
   */
  StripeClient client() {
    if (secretKey == null) {
      throw new ProblemException(
          503,
          "billing_not_configured",
          "Service unavailable",
          "Stripe is not configured on this server (atelier.plugin.billing-stripe.secret-key).");
    }
    StripeClient c = client;
    if (c == null) {
      c =
          new StripeClient.StripeClientBuilder()
              .setApiKey(secretKey)
              .setApiBase(apiBase)
              .setMaxNetworkRetries(2)
              .setConnectTimeout(10_000)
              .setReadTimeout(30_000)
              .build();
      client = c;
    }
    return c;
  }

  List<String> webhookSecrets() {
    return webhookSecrets;
  }

  long toleranceSeconds() {
    return toleranceSeconds;
  }

  Map<String, CreditPackage> packages() {
    return packages;
  }
}
