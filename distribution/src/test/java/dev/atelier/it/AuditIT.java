package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class AuditIT {

  private static final String AUDIT = "/api/v1/audit-events";

  private static JsonNode events(Api api, String query) {
    Api.Res res = api.get(AUDIT + query);
    assertEquals(200, res.status(), res.toString());
    return res.json();
  }

  private static List<JsonNode> all(Session s) {
    List<JsonNode> out = new ArrayList<>();
    events(s.api(), "?limit=500").path("items").forEach(out::add);
    return out;
  }

  /** The one event of {@code action} about {@code targetId} in the session's workspace. */
  private static JsonNode event(Session s, String action, String targetId) {
    List<JsonNode> found = new ArrayList<>();
    events(s.api(), "?limit=500&action=" + action)
        .path("items")
        .forEach(
            e -> {
              if (targetId.equals(e.path("target_id").asText())) {
                found.add(e);
              }
            });
    assertEquals(1, found.size(), action + " about " + targetId + ": " + found);
    JsonNode e = found.get(0);
    assertEquals(action, e.path("action").asText());
    assertNotNull(e.path("id").asText(null), e.toString());
    assertNotNull(Instant.parse(e.path("created_at").asText()), e.toString());
    return e;
  }

  private static void assertActor(JsonNode event, Session actor) {
    assertEquals(actor.email(), event.path("actor_email").asText(), event.toString());
    assertEquals(actor.userId(), event.path("actor_id").asText(), event.toString());
  }

  @Test
  void onlyTenantAdminsReadTheTrail() {
    Session admin = Accounts.newUser("audit-access");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("audit-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("audit-op"), "operator");

    Api.Res ok = admin.api().get(AUDIT);
    assertEquals(200, ok.status(), ok.toString());
    assertProblem(viewer.api().get(AUDIT), 403, "forbidden");
    assertProblem(operator.api().get(AUDIT), 403, "forbidden");
    assertProblem(Api.anonymous().get(AUDIT), 401, "unauthorized");
    assertProblem(Api.anonymous().withToken("not-a-token").get(AUDIT), 401, "unauthorized");

    Api viewerKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "viewer"));
    assertProblem(viewerKey.get(AUDIT), 403, "forbidden");
    Api adminKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "admin"));
    assertEquals(200, adminKey.get(AUDIT).status());

    // the viewer is admin of their own workspace and reads that one's trail
    Session viewerHome = Accounts.login(Api.anonymous(), viewer.email(), Accounts.PASSWORD);
    assertEquals(200, viewerHome.api().get(AUDIT).status());
  }

  @Test
  void listIsNewestFirstPagedAndFilteredByAction() {
    Session s = Accounts.newUser("audit-paging");
    for (int i = 0; i < 3; i++) {
      assertEquals(201, s.api().post("/api/v1/api-keys", Map.of("name", "k" + i)).status());
    }
    JsonNode first = events(s.api(), "");
    assertEquals(50, first.path("limit").asInt());
    assertEquals(0, first.path("offset").asInt());
    int total = first.path("total").asInt();
    assertTrue(total >= 5, "registered, logged in, three keys: " + first);
    assertEquals(total, first.path("items").size());
    Instant previous = Instant.MAX;
    for (JsonNode e : first.path("items")) {
      Instant at = Instant.parse(e.path("created_at").asText());
      assertFalse(at.isAfter(previous), "newest first: " + first);
      previous = at;
    }
    assertEquals("api_key.created", first.path("items").get(0).path("action").asText());
    assertEquals("k2", first.path("items").get(0).path("detail").asText());

    List<String> ids = new ArrayList<>();
    first.path("items").forEach(e -> ids.add(e.path("id").asText()));
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < total; offset += 2) {
      JsonNode page = events(s.api(), "?limit=2&offset=" + offset);
      assertEquals(total, page.path("total").asInt());
      assertEquals(2, page.path("limit").asInt());
      assertEquals(offset, page.path("offset").asInt());
      page.path("items").forEach(e -> paged.add(e.path("id").asText()));
    }
    assertEquals(ids, paged);
    assertEquals(0, events(s.api(), "?offset=" + total).path("items").size());

    JsonNode keys = events(s.api(), "?action=api_key.created");
    assertEquals(3, keys.path("total").asInt(), keys.toString());
    List<String> details = new ArrayList<>();
    keys.path("items").forEach(e -> details.add(e.path("detail").asText()));
    assertEquals(List.of("k2", "k1", "k0"), details);
    JsonNode keysPaged = events(s.api(), "?action=api_key.created&limit=1&offset=1");
    assertEquals(3, keysPaged.path("total").asInt());
    assertEquals("k1", keysPaged.path("items").get(0).path("detail").asText());
    JsonNode unknown = events(s.api(), "?action=no.such.action");
    assertEquals(0, unknown.path("total").asInt());
    assertEquals(0, unknown.path("items").size());
    assertEquals(total, events(s.api(), "?action=").path("total").asInt());

    for (String bad : List.of("limit=0", "limit=501", "limit=abc")) {
      Api.Res res = s.api().get(AUDIT + "?" + bad);
      assertProblem(res, 422, "validation_error");
      assertEquals("limit", res.json().path("errors").get(0).path("field").asText());
    }
    Api.Res negative = s.api().get(AUDIT + "?offset=-1");
    assertProblem(negative, 422, "validation_error");
    assertEquals("offset", negative.json().path("errors").get(0).path("field").asText());
  }

  @Test
  void signInsAreRecorded() {
    Session admin = Accounts.newUser("audit-login");
    Session member = Accounts.newUser("audit-login-member");
    Accounts.joinAs(admin, member, "viewer");

    JsonNode succeeded = event(admin, "login.succeeded", admin.userId());
    assertActor(succeeded, admin);
    assertEquals("user", succeeded.path("target_type").asText());
    assertEquals(admin.anonymous().address(), succeeded.path("ip").asText());

    Api stranger = Api.anonymous();
    Api.Res wrong =
        stranger.post(
            "/api/v1/auth/login", Map.of("email", member.email(), "password", "not the password"));
    assertEquals(401, wrong.status(), wrong.toString());
    // the failure shows in every workspace the account belongs to, the admin's included
    JsonNode failed = event(admin, "login.failed", member.userId());
    assertActor(failed, member);
    assertEquals("user", failed.path("target_type").asText());
    assertEquals(stranger.address(), failed.path("ip").asText());
    assertFalse(failed.toString().contains("not the password"), failed.toString());
    JsonNode failedAtHome = event(member, "login.failed", member.userId());
    assertEquals(failed.path("ip"), failedAtHome.path("ip"));
    // the member's own sign-in lands in their personal workspace, not in the admin's
    event(member, "login.succeeded", member.userId());
    for (JsonNode e : events(admin.api(), "?action=login.succeeded&limit=500").path("items")) {
      assertEquals(admin.userId(), e.path("target_id").asText(), e.toString());
    }
  }

  @Test
  void keysMembersSecretsAndProjectsAreRecorded() {
    Session admin = Accounts.newUser("audit-actions");
    Session member = Accounts.newUser("audit-actions-member");

    Api.Res key = admin.api().post("/api/v1/api-keys", Map.of("name", "ci key"));
    assertEquals(201, key.status(), key.toString());
    String keyId = key.json().path("id").asText();
    assertEquals(204, admin.api().delete("/api/v1/api-keys/" + keyId).status());

    Accounts.joinAs(admin, member, "viewer");
    String members = "/api/v1/tenants/current/members/" + member.userId();
    assertEquals(200, admin.api().patch(members, Map.of("role", "operator")).status());
    assertEquals(204, admin.api().delete(members).status());

    Api.Res project =
        admin.api().post("/api/v1/projects", Map.of("name", "Audited", "slug", "audited"));
    assertEquals(201, project.status(), project.toString());
    String projectId = project.json().path("id").asText();
    String secretValue = "do-not-log-" + System.nanoTime();
    String secret = "/api/v1/projects/" + projectId + "/secrets/SIGNING_KEY";
    assertEquals(201, admin.api().put(secret, Map.of("value", secretValue)).status());
    assertEquals(204, admin.api().put(secret, Map.of("value", secretValue + "2")).status());
    assertEquals(204, admin.api().delete(secret).status());
    assertEquals(204, admin.api().delete("/api/v1/projects/" + projectId).status());

    JsonNode created = event(admin, "api_key.created", keyId);
    assertActor(created, admin);
    assertEquals("api_key", created.path("target_type").asText());
    assertEquals("ci key", created.path("detail").asText());
    assertEquals(admin.anonymous().address(), created.path("ip").asText());
    JsonNode revoked = event(admin, "api_key.revoked", keyId);
    assertActor(revoked, admin);
    assertEquals("api_key", revoked.path("target_type").asText());
    assertFalse(created.toString().contains(key.json().path("key").asText()));

    // joining is by invitation: the admin invites, the member accepts
    JsonNode invited =
        all(admin).stream()
            .filter(e -> "invitation.created".equals(e.path("action").asText()))
            .findFirst()
            .orElseThrow();
    assertActor(invited, admin);
    assertEquals("invitation", invited.path("target_type").asText(), invited.toString());
    assertTrue(invited.path("detail").asText().contains(member.email()), invited.toString());
    assertTrue(invited.path("detail").asText().contains("viewer"), invited.toString());
    JsonNode accepted = event(admin, "invitation.accepted", member.userId());
    assertActor(accepted, member);
    assertTrue(accepted.path("detail").asText().contains("viewer"), accepted.toString());
    for (String action : List.of("member.role_changed", "member.removed")) {
      JsonNode e = event(admin, action, member.userId());
      assertActor(e, admin);
      assertEquals("user", e.path("target_type").asText(), e.toString());
    }
    assertTrue(
        event(admin, "member.role_changed", member.userId())
            .path("detail")
            .asText()
            .contains("operator"));

    for (String action : List.of("secret.created", "secret.updated", "secret.deleted")) {
      JsonNode e = event(admin, action, projectId);
      assertActor(e, admin);
      assertEquals("project", e.path("target_type").asText(), e.toString());
      assertEquals("SIGNING_KEY", e.path("detail").asText(), e.toString());
    }
    JsonNode deleted = event(admin, "project.deleted", projectId);
    assertActor(deleted, admin);
    assertEquals("project", deleted.path("target_type").asText());
    assertEquals("audited", deleted.path("detail").asText());

    // in order, newest first
    List<String> actions = new ArrayList<>();
    for (JsonNode e : all(admin)) {
      actions.add(e.path("action").asText());
    }
    List<String> expected =
        List.of(
            "project.deleted",
            "secret.deleted",
            "secret.updated",
            "secret.created",
            "member.removed",
            "member.role_changed",
            "invitation.accepted",
            "invitation.created",
            "api_key.revoked",
            "api_key.created");
    assertEquals(expected, actions.subList(0, expected.size()), actions.toString());
    // the secret's value is in no event
    Api.Res raw = admin.api().get(AUDIT + "?limit=500");
    assertFalse(raw.text().contains(secretValue), raw.text());
  }

  @Test
  void actionsByOtherMembersNameTheirActor() {
    Session admin = Accounts.newUser("audit-actor");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("audit-actor-op"), "operator");
    Api.Res project = operator.api().post("/api/v1/projects", Map.of("name", "Op's"));
    assertEquals(201, project.status(), project.toString());
    String projectId = project.json().path("id").asText();
    assertEquals(204, operator.api().delete("/api/v1/projects/" + projectId).status());
    JsonNode deleted = event(admin, "project.deleted", projectId);
    assertActor(deleted, operator);
    assertEquals(operator.anonymous().address(), deleted.path("ip").asText());

    // an action through an API key is the key owner's
    Session second = Accounts.joinAs(admin, Accounts.newUser("audit-actor-admin2"), "admin");
    Api byKey = Api.anonymous().withApiKey(Accounts.apiKey(second, "admin"));
    Api.Res p2 = byKey.post("/api/v1/projects", Map.of("name", "Keyed"));
    assertEquals(201, p2.status(), p2.toString());
    String p2Id = p2.json().path("id").asText();
    assertEquals(
        201,
        byKey.put("/api/v1/projects/" + p2Id + "/secrets/TOKEN", Map.of("value", "v")).status());
    JsonNode bySecondsKey = event(admin, "secret.created", p2Id);
    assertActor(bySecondsKey, second);
    assertEquals(byKey.address(), bySecondsKey.path("ip").asText());
  }

  @Test
  void eventsOfOneWorkspaceNeverShowInAnother() {
    Session alice = Accounts.newUser("audit-iso-alice");
    Session bob = Accounts.newUser("audit-iso-bob");
    // activity in Alice's workspace
    String keyId =
        alice
            .api()
            .post("/api/v1/api-keys", Map.of("name", "alice key"))
            .json()
            .path("id")
            .asText();
    Api.Res project = alice.api().post("/api/v1/projects", Map.of("name", "Alice's"));
    String projectId = project.json().path("id").asText();
    assertEquals(
        201,
        alice
            .api()
            .put("/api/v1/projects/" + projectId + "/secrets/X", Map.of("value", "y"))
            .status());
    assertEquals(204, alice.api().delete("/api/v1/projects/" + projectId).status());
    Session member = Accounts.newUser("audit-iso-member");
    Accounts.joinAs(alice, member, "viewer");
    // and Bob's own
    assertEquals(201, bob.api().post("/api/v1/api-keys", Map.of("name", "bob key")).status());

    Set<String> aliceThings =
        new HashSet<>(List.of(alice.userId(), keyId, projectId, member.userId()));
    List<JsonNode> bobs = all(bob);
    assertFalse(bobs.isEmpty());
    for (JsonNode e : bobs) {
      assertEquals(bob.email(), e.path("actor_email").asText(), e.toString());
      assertFalse(aliceThings.contains(e.path("target_id").asText()), e.toString());
      assertFalse(e.toString().contains(alice.email()), e.toString());
    }
    for (String action :
        List.of("project.deleted", "secret.created", "invitation.created", "api_key.created")) {
      for (JsonNode e : events(bob.api(), "?action=" + action + "&limit=500").path("items")) {
        assertEquals(bob.userId(), e.path("actor_id").asText(), e.toString());
      }
    }
    List<String> aliceActors = new ArrayList<>();
    for (JsonNode e : all(alice)) {
      aliceActors.add(e.path("actor_email").asText());
      assertFalse(e.toString().contains(bob.email()), e.toString());
    }
    assertTrue(aliceActors.contains(alice.email()));
    // Bob's total counts only his own events
    int bobTotal = events(bob.api(), "").path("total").asInt();
    assertEquals(bobs.size(), bobTotal);
  }
}
