package dev.atelier.plugins.slack;

import static dev.atelier.plugin.api.http.JsonValues.object;
import static dev.atelier.plugin.api.http.JsonValues.string;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.http.OutboundHttp;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Slack's Web API in its wire format (form-encoded requests, {@code {"ok": …}} JSON answers), at a
 * configurable base ({@code ATELIER_PLUGIN_SLACK_API_BASE}, {@code https://slack.com/api} by
 * default), through the host's guarded outbound HTTP. Slack answers 200 with {@code ok: false} and
 * an {@code error} for what it refuses; 429 with {@code Retry-After} when rate-limited.
 */
final class SlackApi {

  static final String DEFAULT_BASE = "https://slack.com/api";
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final String base;

  SlackApi(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  /** What {@code oauth.v2.access} answers for a bot install. */
  record BotInstall(
      String accessToken,
      String botUserId,
      String appId,
      String teamId,
      String teamName,
      String refreshToken,
      long expiresInSeconds) {}

  /** A rotated token: the new access and refresh tokens and how long the access token lasts. */
  record Refreshed(String accessToken, String refreshToken, long expiresInSeconds) {}

  /**
   * Refreshes a rotating bot token ({@code oauth.v2.access} with {@code grant_type=refresh_token});
   * the old refresh token is used up by Slack.
   *
   * @throws ProblemException 400 {@code slack_oauth_failed} when Slack refuses the refresh token
   */
  Refreshed refresh(OutboundHttp http, String clientId, String clientSecret, String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    JsonObject answer = call(http, "oauth.v2.access", null, form);
    if (!answer.getBoolean("ok", false)) {
      throw new ProblemException(
          400,
          "slack_oauth_failed",
          "Slack refused the token refresh",
          "Slack answered: " + string(answer, "error") + ".");
    }
    String token = string(answer, "access_token");
    String next = string(answer, "refresh_token");
    if (token == null || next == null) {
      throw badAnswer("oauth.v2.access", "no rotated tokens");
    }
    return new Refreshed(token, next, JsonValues.number(answer, "expires_in", 0));
  }

  /**
   * Exchanges an OAuth {@code code} for the bot token ({@code oauth.v2.access}, client credentials
   * in the form as Slack accepts them).
   *
   * @throws ProblemException 400 {@code slack_oauth_failed} with Slack's error when Slack refuses
   *     the code; 502/503 when Slack cannot be reached or answers nonsense
   */
  BotInstall exchange(
      OutboundHttp http, String clientId, String clientSecret, String code, String redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    JsonObject answer = call(http, "oauth.v2.access", null, form);
    if (!answer.getBoolean("ok", false)) {
      throw new ProblemException(
          400,
          "slack_oauth_failed",
          "Slack refused the install",
          "Slack answered: " + string(answer, "error") + ".");
    }
    String token = string(answer, "access_token");
    if (token == null || !"bot".equals(string(answer, "token_type"))) {
      throw badAnswer("oauth.v2.access", "no bot token");
    }
    JsonObject team = object(answer, "team");
    return new BotInstall(
        token,
        string(answer, "bot_user_id"),
        string(answer, "app_id"),
        string(team, "id"),
        string(team, "name"),
        string(answer, "refresh_token"),
        JsonValues.number(answer, "expires_in", 0));
  }

  /**
   * Posts {@code text} in {@code channel} ({@code chat.postMessage}), in the thread of {@code
   * threadTs} when given; returns the new message's {@code ts}.
   *
   * @throws ProblemException 502 {@code slack_refused} with Slack's error ({@code not_in_channel},
   *     {@code invalid_auth} …), 503 when Slack cannot be reached
   */
  String postMessage(
      OutboundHttp http, String token, String channel, String threadTs, String text) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("channel", channel);
    if (threadTs != null) {
      form.put("thread_ts", threadTs);
    }
    form.put("text", text);
    JsonObject answer = ok("chat.postMessage", call(http, "chat.postMessage", token, form));
    String ts = string(answer, "ts");
    if (ts == null) {
      throw badAnswer("chat.postMessage", "no ts");
    }
    return ts;
  }

  /** Replaces the text of message {@code ts} in {@code channel} ({@code chat.update}). */
  void update(OutboundHttp http, String token, String channel, String ts, String text) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("channel", channel);
    form.put("ts", ts);
    form.put("text", text);
    ok("chat.update", call(http, "chat.update", token, form));
  }

  private static JsonObject ok(String method, JsonObject answer) {
    if (!answer.getBoolean("ok", false)) {
      throw new ProblemException(
          502,
          "slack_refused",
          "Slack refused the call",
          "Slack's " + method + " answered: " + string(answer, "error") + ".");
    }
    return answer;
  }

  private JsonObject call(
      OutboundHttp http, String method, String bearer, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/" + method))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> res;
    try {
      res = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unavailable(method, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(method, "interrupted");
    }
    if (res.statusCode() == 429 || res.statusCode() >= 500) {
      throw unavailable(method, "HTTP " + res.statusCode());
    }
    if (res.statusCode() != 200) {
      throw badAnswer(method, "HTTP " + res.statusCode());
    }
    try {
      JsonValue v = JsonValues.parse(res.body());
      if (v instanceof JsonObject o) {
        return o;
      }
    } catch (JsonException notJson) {
      // below
    }
    throw badAnswer(method, "not a JSON object");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static ProblemException unavailable(String method, String why) {
    return new ProblemException(
        503,
        "slack_unavailable",
        "Slack is unavailable",
        "Slack's " + method + " could not be called (" + why + "); try again later.");
  }

  private static ProblemException badAnswer(String method, String why) {
    return new ProblemException(
        502,
        "slack_bad_answer",
        "Slack answered unexpectedly",
        "Slack's " + method + " answered unexpectedly (" + why + ").");
  }
}
