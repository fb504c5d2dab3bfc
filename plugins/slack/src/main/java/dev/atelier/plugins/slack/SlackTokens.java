package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.data.Times;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A bot's token for calling Slack. A bot installed with Slack's token rotation has a token that
 * expires (twelve hours) and a single-use refresh token: the token is refreshed when it has less
 * than {@link #MARGIN} left, by one refresher at a time — the bot's row is locked while Slack is
 * asked, and whoever waited for the lock finds the token fresh and uses it, so two refreshes never
 * race to use the same refresh token (the second would be refused and leave no valid token).
 */
final class SlackTokens {

  /** How long before its expiry a token is refreshed. */
  static final Duration MARGIN = Duration.ofMinutes(5);

  private final SlackApi api;

  SlackTokens(SlackApi api) {
    this.api = api;
  }

  /** The bot token of {@code app} to use now; empty when the bot is not installed. */
  Optional<String> current(PluginSession s, SlackApp app) {
    if (app.tokenExpiresAt() == null || fresh(app.tokenExpiresAt())) {
      return s.secrets().get(app.secret(SlackApps.BOT_TOKEN));
    }
    return s.data()
        .inTransaction(
            em -> {
              SlackApp locked = em.find(SlackApp.class, app.id(), LockModeType.PESSIMISTIC_WRITE);
              if (locked == null) {
                return Optional.<String>empty();
              }
              em.refresh(locked); // what the refresher before us wrote
              if (locked.tokenExpiresAt() == null || fresh(locked.tokenExpiresAt())) {
                return s.secrets().get(locked.secret(SlackApps.BOT_TOKEN));
              }
              Optional<String> refresh = s.secrets().get(locked.secret(SlackApps.REFRESH_TOKEN));
              Optional<String> clientSecret =
                  s.secrets().get(locked.secret(SlackApps.CLIENT_SECRET));
              if (refresh.isEmpty() || clientSecret.isEmpty()) {
                return Optional.<String>empty();
              }
              SlackApi.Refreshed next =
                  api.refresh(s.http(), locked.clientId(), clientSecret.get(), refresh.get());
              s.secrets().put(locked.secret(SlackApps.BOT_TOKEN), next.accessToken());
              s.secrets().put(locked.secret(SlackApps.REFRESH_TOKEN), next.refreshToken());
              locked.tokenExpires(
                  next.expiresInSeconds() > 0
                      ? Times.now().plusSeconds(next.expiresInSeconds())
                      : null);
              return Optional.of(next.accessToken());
            });
  }

  private static boolean fresh(Instant expiresAt) {
    return expiresAt.isAfter(Times.now().plus(MARGIN));
  }
}
