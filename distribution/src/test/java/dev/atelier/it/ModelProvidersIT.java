package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Features;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The model providers of a workspace and their credentials, with the two bundled provider plugins
 * (model-openai, model-anthropic). The shared server does not allow private addresses, so a base
 * URL on loopback is refused here.
 */
@ExtendWith(AtelierServer.class)
class ModelProvidersIT {

  private static final String PROVIDERS = "/api/v1/model-providers";

  private static String credentials(String provider) {
    return PROVIDERS + "/" + provider + "/credentials";
  }

  private static String newKey() {
    return "sk-test-" + UUID.randomUUID().toString().replace("-", "");
  }

  /** The listed provider {@code id}, asserting the list's shape. */
  private static JsonNode provider(Session s, String id) {
    JsonNode listed = null;
    for (JsonNode p : list(s)) {
      if (id.equals(p.path("id").asText())) {
        listed = p;
      }
    }
    assertTrue(listed != null, id + " is not listed");
    return listed;
  }

  private static List<JsonNode> list(Session s) {
    Api.Res res = s.api().get(PROVIDERS);
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.json().path("items").isArray(), res.toString());
    List<JsonNode> items = new ArrayList<>();
    res.json().path("items").forEach(items::add);
    return items;
  }

  private static void noContent(Api.Res res) {
    assertEquals(204, res.status(), res.toString());
    assertTrue(res.text() == null || res.text().isEmpty(), res.toString());
  }

  private static List<JsonNode> audit(Session admin, String action) {
    Api.Res res = admin.api().get("/api/v1/audit-events?action=" + action);
    assertEquals(200, res.status(), res.toString());
    List<JsonNode> events = new ArrayList<>();
    res.json().path("items").forEach(events::add);
    return events;
  }

  @Test
  void listsTheBundledProvidersUnconfigured() {
    Session ada = Accounts.newUser("models-list");

    JsonNode openai = provider(ada, "openai");
    assertEquals("OpenAI-compatible", openai.path("name").asText());
    assertEquals("model-openai", openai.path("plugin_id").asText());
    assertTrue(openai.path("accepts_base_url").asBoolean(), openai.toString());
    assertFalse(openai.path("configured").asBoolean(), openai.toString());
    assertTrue(openai.path("base_url").isNull(), openai.toString());

    JsonNode anthropic = provider(ada, "anthropic");
    assertEquals("Anthropic", anthropic.path("name").asText());
    assertEquals("model-anthropic", anthropic.path("plugin_id").asText());
    assertFalse(anthropic.path("accepts_base_url").asBoolean(), anthropic.toString());
    assertFalse(anthropic.path("configured").asBoolean(), anthropic.toString());
  }

  @Test
  void setCredentialsAreListedAsConfiguredAndTheKeyIsNeverShown() {
    Session ada = Accounts.newUser("models-put");
    String key = newKey();
    List<Api.Res> seen = new ArrayList<>();

    Api.Res put = ada.api().put(credentials("anthropic"), Map.of("api_key", key));
    seen.add(put);
    noContent(put);
    JsonNode anthropic = provider(ada, "anthropic");
    assertTrue(anthropic.path("configured").asBoolean(), anthropic.toString());
    assertTrue(anthropic.path("base_url").isNull(), anthropic.toString());
    assertFalse(provider(ada, "openai").path("configured").asBoolean());

    Api.Res withBase =
        ada.api()
            .put(
                credentials("openai"),
                Map.of("api_key", key, "base_url", "https://203.0.113.7/v1/"));
    seen.add(withBase);
    noContent(withBase);
    JsonNode openai = provider(ada, "openai");
    assertTrue(openai.path("configured").asBoolean(), openai.toString());
    assertEquals("https://203.0.113.7/v1", openai.path("base_url").asText(), openai.toString());

    Api.Res replaced = ada.api().put(credentials("openai"), Map.of("api_key", newKey()));
    seen.add(replaced);
    noContent(replaced);
    assertTrue(provider(ada, "openai").path("base_url").isNull(), "a new PUT drops the base URL");

    seen.add(ada.api().get(PROVIDERS));
    seen.add(ada.api().get("/api/v1/audit-events"));
    for (Api.Res res : seen) {
      assertFalse(res.toString().contains(key), "the key shows in " + res);
    }
    List<JsonNode> events = audit(ada, "model_credentials.set");
    assertEquals(3, events.size(), events.toString());
    assertEquals("model_provider", events.get(0).path("target_type").asText());
    assertEquals("openai", events.get(0).path("target_id").asText());
    assertTrue(
        events.stream().anyMatch(e -> e.path("detail").asText().contains("https://203.0.113.7/v1")),
        events.toString());
  }

  @Test
  void deletingRemovesTheCredentials() {
    Session ada = Accounts.newUser("models-delete");
    noContent(ada.api().put(credentials("openai"), Map.of("api_key", newKey())));

    noContent(ada.api().delete(credentials("openai")));
    assertFalse(provider(ada, "openai").path("configured").asBoolean());
    noContent(ada.api().delete(credentials("openai")));

    List<JsonNode> events = audit(ada, "model_credentials.deleted");
    assertEquals(1, events.size(), "only an actual removal is recorded: " + events);
    assertEquals("openai", events.get(0).path("target_id").asText());
  }

  @Test
  void refusesBadCredentials() {
    Session ada = Accounts.newUser("models-bad");

    Api.Res empty = ada.api().send("PUT", credentials("openai"), "", "application/json");
    assertEquals(400, empty.status(), empty.toString());
    assertProblem(
        ada.api().send("PUT", credentials("openai"), "{\"api_key\":", "application/json"),
        400,
        "malformed_json");
    assertInvalid(ada.api().put(credentials("openai"), Map.of()), "api_key");
    assertInvalid(ada.api().put(credentials("openai"), Map.of("api_key", "  ")), "api_key");
    assertInvalid(ada.api().put(credentials("openai"), Map.of("api_key", "sk one")), "api_key");
    assertInvalid(
        ada.api().put(credentials("openai"), Map.of("api_key", "k".repeat(4097))), "api_key");
    assertInvalid(
        ada.api()
            .put(
                credentials("anthropic"),
                Map.of("api_key", newKey(), "base_url", "https://203.0.113.7")),
        "base_url");
    assertProblem(
        ada.api()
            .put(
                credentials("openai"),
                Map.of("api_key", newKey(), "base_url", "ftp://203.0.113.7")),
        422,
        "url_not_allowed");
    assertFalse(provider(ada, "openai").path("configured").asBoolean(), "nothing was stored");
  }

  @Test
  void refusesPrivateAndLoopbackBaseUrls() {
    Session ada = Accounts.newUser("models-private");
    for (String url :
        List.of(
            "http://127.0.0.1:11434/v1",
            "http://localhost:8000/v1",
            "http://10.0.0.5/v1",
            "http://169.254.169.254/latest",
            "http://[::1]:8000/v1")) {
      Map<String, String> body = new HashMap<>();
      body.put("api_key", newKey());
      body.put("base_url", url);
      JsonNode problem =
          assertProblem(ada.api().put(credentials("openai"), body), 422, "url_not_allowed");
      assertEquals("base_url", problem.path("errors").path(0).path("field").asText(), url);
    }
    assertFalse(provider(ada, "openai").path("configured").asBoolean());
  }

  @Test
  void unknownProvidersAreNotFound() {
    Session ada = Accounts.newUser("models-unknown");
    assertProblem(
        ada.api().put(credentials("nope"), Map.of("api_key", newKey())), 404, "not_found");
    assertProblem(ada.api().delete(credentials("nope")), 404, "not_found");
  }

  @Test
  void needsACredentialAndTheAdminRoleToChange() {
    Session ada = Accounts.newUser("models-roles");
    Api anon = Api.anonymous();
    assertProblem(anon.get(PROVIDERS), 401, "unauthorized");
    assertProblem(
        anon.put(credentials("openai"), Map.of("api_key", newKey())), 401, "unauthorized");
    assertProblem(anon.delete(credentials("openai")), 401, "unauthorized");

    Session viewer = Accounts.joinAs(ada, Accounts.newUser("models-viewer"), "viewer");
    assertFalse(provider(viewer, "openai").isMissingNode(), "a viewer sees the providers");
    assertProblem(
        viewer.api().put(credentials("openai"), Map.of("api_key", newKey())), 403, "forbidden");
    assertProblem(viewer.api().delete(credentials("openai")), 403, "forbidden");

    Session operator = Accounts.joinAs(ada, Accounts.newUser("models-operator"), "operator");
    assertProblem(
        operator.api().put(credentials("openai"), Map.of("api_key", newKey())), 403, "forbidden");
    assertFalse(provider(ada, "openai").path("configured").asBoolean());
  }

  @Test
  void credentialsStayInTheirWorkspace() {
    Session ada = Accounts.newUser("models-ada");
    Session bob = Accounts.newUser("models-bob");
    noContent(
        ada.api()
            .put(
                credentials("openai"),
                Map.of("api_key", newKey(), "base_url", "https://203.0.113.8")));

    JsonNode bobs = provider(bob, "openai");
    assertFalse(bobs.path("configured").asBoolean(), bobs.toString());
    assertTrue(bobs.path("base_url").isNull(), bobs.toString());
    noContent(bob.api().delete(credentials("openai")));
    assertTrue(
        provider(ada, "openai").path("configured").asBoolean(), "bob removed nothing of ada's");
  }

  @Test
  void aProviderSwitchedOffIsNotListedNorConfigurable() {
    Session ada = Accounts.newUser("models-off");
    Features.setForTenant(ada, "model-anthropic", false);

    assertTrue(
        list(ada).stream().noneMatch(p -> "anthropic".equals(p.path("id").asText())),
        "switched off");
    assertTrue(list(ada).stream().anyMatch(p -> "openai".equals(p.path("id").asText())));
    assertProblem(
        ada.api().put(credentials("anthropic"), Map.of("api_key", newKey())),
        403,
        "feature_disabled");

    Features.setForTenant(ada, "model-anthropic", true);
    assertFalse(provider(ada, "anthropic").path("configured").asBoolean());
  }
}
