package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.PluginConfig;
import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.http.OutboundHttp;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls to a deployment provider with retries: a 429 waits for its {@code Retry-After} (seconds,
 * capped) or an exponential backoff, a 5xx or a broken connection waits the backoff, up to {@code
 * attempts} tries; other answers are returned as they are. Shared by the deployment targets so they
 * back off alike.
 *
 * @since 1.0.0
 */
@Incubating
public final class ProviderCalls {

  private final int attempts;
  private final Duration firstDelay;
  private final Duration maxDelay;

  /**
   * @param attempts how many tries in all (at least 1)
   * @param firstDelay the backoff before the second try, doubled for each further one
   * @param maxDelay the longest wait, also the cap of {@code Retry-After}
   */
  public ProviderCalls(int attempts, Duration firstDelay, Duration maxDelay) {
    this.attempts = Math.max(1, attempts);
    this.firstDelay = firstDelay;
    this.maxDelay = maxDelay;
  }

  /**
   * The calls a target's configuration asks for: {@code max-attempts} (5) tries, the first retry
   * after {@code retry-delay-millis} (1000), waits capped at 30 seconds.
   */
  public static ProviderCalls configured(PluginConfig config) {
    return new ProviderCalls(
        config.getInt("max-attempts", 5),
        Duration.ofMillis(config.getInt("retry-delay-millis", 1000)),
        Duration.ofSeconds(30));
  }

  /** The configured {@code api-base}, or {@code fallback}, without a trailing slash. */
  public static String apiBase(PluginConfig config, String fallback) {
    return url(config, "api-base", fallback);
  }

  /**
   * The configured URL {@code name}, or {@code fallback}, without a trailing slash.
   *
   * @since 1.1.0
   */
  public static String url(PluginConfig config, String name, String fallback) {
    String b = config.get(name, fallback);
    return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
  }

  /** Whether the answer is a 2xx. */
  public static boolean ok(HttpResponse<String> answer) {
    return answer.statusCode() / 100 == 2;
  }

  /** The answer's body as a JSON object, or an empty object when it is not one. */
  public static JsonObject object(HttpResponse<String> answer) {
    try {
      JsonValue v = JsonValues.parse(answer.body());
      return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    } catch (RuntimeException e) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
  }

  /**
   * The exception a non-2xx answer becomes: {@code deploy_auth_failed} for 401 and 403, {@code
   * deploy_rate_limited} for 429, otherwise {@code deploy_provider_error}; {@code detail} is the
   * provider's message, if any.
   */
  public static DeploymentException failure(
      String provider, HttpResponse<String> answer, String what, String detail) {
    int s = answer.statusCode();
    String message =
        provider + " answered " + s + " to " + what + (detail == null ? "." : ": " + detail);
    String code =
        s == 401 || s == 403
            ? "deploy_auth_failed"
            : s == 429 ? "deploy_rate_limited" : "deploy_provider_error";
    return new DeploymentException(code, message, null);
  }

  /**
   * {@code fields} as {@code application/x-www-form-urlencoded} (also a query string), in their
   * order; null values left out.
   *
   * @since 1.1.0
   */
  public static String form(Map<String, String> fields) {
    StringJoiner out = new StringJoiner("&");
    fields.forEach(
        (k, v) -> {
          if (v != null) {
            out.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return out.toString();
  }

  /**
   * Exchanges an OAuth authorization code at {@code tokenUrl} (a form POST of {@code fields}) and
   * answers the provider's JSON, which has an {@code access_token}: {@code deploy_auth_failed} when
   * the provider refuses the code (a 4xx, or an answer without a token).
   *
   * @since 1.1.0
   */
  public JsonObject exchangeCode(
      OutboundHttp http, String provider, String tokenUrl, Map<String, String> fields)
      throws DeploymentException {
    HttpResponse<String> r =
        send(
            http,
            HttpRequest.newBuilder(URI.create(tokenUrl))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
    JsonObject body = object(r);
    String error = JsonValues.string(body, "error_description");
    if (error == null) {
      error = JsonValues.string(body, "error");
    }
    if (r.statusCode() / 100 == 4) {
      throw new DeploymentException(
          "deploy_auth_failed",
          provider + " refused the authorization code" + (error == null ? "." : ": " + error),
          null);
    }
    if (!ok(r)) {
      throw failure(provider, r, "the code exchange", error);
    }
    if (JsonValues.string(body, "access_token") == null) {
      throw new DeploymentException(
          "deploy_auth_failed",
          provider + " gave no access token" + (error == null ? "." : ": " + error),
          null);
    }
    return body;
  }

  /**
   * Sends {@code request} (whose body must be repeatable) until it gets an answer that is neither
   * 429 nor 5xx, or the tries are used up (then the last answer, or {@code deploy_provider_error}
   * when the provider could not be reached).
   */
  public HttpResponse<String> send(OutboundHttp http, HttpRequest request)
      throws DeploymentException {
    Duration delay = firstDelay;
    for (int i = 1; ; i++) {
      HttpResponse<String> answer;
      try {
        answer = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (i >= attempts) {
          throw new DeploymentException(
              "deploy_provider_error",
              "The provider could not be reached (" + request.uri().getHost() + ")",
              e);
        }
        delay = pause(delay, null);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DeploymentException("deploy_interrupted", "The deployment was interrupted", e);
      }
      int s = answer.statusCode();
      if ((s != 429 && s < 500) || i >= attempts) {
        return answer;
      }
      delay =
          pause(delay, s == 429 ? answer.headers().firstValue("Retry-After").orElse(null) : null);
    }
  }

  private Duration pause(Duration delay, String retryAfter) throws DeploymentException {
    Duration wait = delay;
    if (retryAfter != null) {
      try {
        wait = Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
      } catch (NumberFormatException e) {
        wait = delay;
      }
    }
    if (wait.compareTo(maxDelay) > 0) {
      wait = maxDelay;
    }
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeploymentException("deploy_interrupted", "The deployment was interrupted", e);
    }
    Duration next = delay.multipliedBy(2);
    return next.compareTo(maxDelay) > 0 ? maxDelay : next;
  }
}
