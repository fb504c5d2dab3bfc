package dev.atelier.plugins.slack;

import static dev.atelier.plugin.api.http.JsonValues.object;
import static dev.atelier.plugin.api.http.JsonValues.string;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.data.Times;
import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.webhook.InboundWebhook;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import dev.atelier.plugin.api.webhook.WebhookReply;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Slack's Events API at {@code POST /api/v1/webhooks/slack/events?tenant=…&app=…} (the Request URL
 * a bot's view gives): the {@code v0} signature checked with the bot's signing secret over the raw
 * body, a timestamp more than five minutes away refused, {@code url_verification} answered with its
 * challenge, and each {@code event_callback} kept once per {@code event_id} (Slack retries what it
 * thinks was not acknowledged) before the 200 that acknowledges it. Anything refused is a 400 and
 * changes nothing.
 */
@Extension
public class SlackEvents implements WebhookReceiver {

  private final PluginContext context;

  public SlackEvents(PluginContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "events";
  }

  @Override
  public WebhookReply receive(InboundWebhook request) {
    String tenant = first(request, "tenant");
    String appId = first(request, "app");
    String timestamp = request.header("X-Slack-Request-Timestamp").orElse(null);
    String signature = request.header("X-Slack-Signature").orElse(null);
    if (tenant == null || appId == null || timestamp == null || signature == null) {
      throw invalidSignature();
    }
    if (!SlackSignature.fresh(timestamp, Times.now())) {
      throw ProblemException.badRequest(
          "stale_request", "The request's timestamp is more than five minutes away.");
    }
    try {
      return context.inTenant(
          tenant,
          s -> {
            String secret =
                s.secrets()
                    .get(SlackApps.secretName(appId, SlackApps.SIGNING_SECRET))
                    .orElseThrow(SlackEvents::invalidSignature);
            if (!SlackSignature.valid(secret, timestamp, request.body(), signature)) {
              throw invalidSignature();
            }
            JsonObject payload = payload(request.body());
            String type = string(payload, "type");
            if ("url_verification".equals(type)) {
              String challenge = string(payload, "challenge");
              if (challenge == null) {
                throw invalidPayload("url_verification without a challenge");
              }
              return WebhookReply.json(
                  JsonValues.JSON
                      .createObjectBuilder()
                      .add("challenge", challenge)
                      .build()
                      .toString());
            }
            if (!"event_callback".equals(type)) {
              return ok(); // app_rate_limited and other notices: acknowledged, nothing to keep
            }
            String eventId = string(payload, "event_id");
            String eventType = string(object(payload, "event"), "type");
            if (eventId == null || eventId.length() > 64 || eventType == null) {
              throw invalidPayload("an event_callback needs event_id and event.type");
            }
            String raw = new String(request.body(), StandardCharsets.UTF_8);
            try {
              s.data()
                  .inTransaction(
                      em -> {
                        SlackApp app = em.find(SlackApp.class, appId);
                        if (app == null) {
                          throw invalidSignature(); // its secret outlived it: treat as unknown
                        }
                        String slackApp = string(payload, "api_app_id");
                        if (app.slackAppId() != null && !app.slackAppId().equals(slackApp)) {
                          throw ProblemException.badRequest(
                              "wrong_app", "The event is for another Slack app than this bot's.");
                        }
                        if (em.find(SlackEvent.class, SlackEvent.key(appId, eventId)) == null) {
                          SlackEvent kept =
                              new SlackEvent(appId, eventId, truncate(eventType), raw);
                          em.persist(kept);
                          // acted on after the acknowledgement, durably: through the outbox
                          s.events()
                              .publish(SlackWork.EVENT_RECEIVED, kept.id(), Map.of("app", appId));
                        }
                        return null;
                      });
            } catch (RuntimeException e) {
              if (s.data().isUniqueViolation(e)) {
                return ok(); // the same event delivered twice at once: the other delivery kept it
              }
              throw e;
            }
            return ok();
          });
    } catch (ProblemException e) {
      if (e.status() == 404) {
        throw invalidSignature(); // no such workspace: nothing more than for a forged request
      }
      throw e;
    }
  }

  private static WebhookReply ok() {
    return WebhookReply.json("{\"ok\":true}");
  }

  private static JsonObject payload(byte[] body) {
    try {
      JsonValue v = JsonValues.parse(new String(body, StandardCharsets.UTF_8));
      if (v instanceof JsonObject o) {
        return o;
      }
    } catch (JsonException notJson) {
      // below
    }
    throw invalidPayload("the body is not a JSON object");
  }

  private static String first(InboundWebhook request, String name) {
    List<String> values = request.query().get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  private static ProblemException invalidSignature() {
    return ProblemException.badRequest(
        "invalid_signature", "The request is not signed by this bot's Slack app.");
  }

  private static ProblemException invalidPayload(String why) {
    return ProblemException.badRequest("invalid_payload", "Not a Slack event: " + why + ".");
  }
}
