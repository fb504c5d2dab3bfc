package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.http.OutboundHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

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
