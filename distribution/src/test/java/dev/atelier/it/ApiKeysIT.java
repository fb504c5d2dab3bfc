package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class ApiKeysIT {

  private static final Pattern LIVE_KEY =
      Pattern.compile("^atl_live_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})$");
  private static final Pattern TEST_KEY =
      Pattern.compile("^atl_test_([A-Za-z0-9]{12})_([A-Za-z0-9]{32})$");
  private static final String KEYS = "/api/v1/api-keys";

  private static Api.Res create(Session s, Map<String, ?> body) {
    return s.api().post(KEYS, body);
  }

  private static JsonNode created(Session s, Map<String, ?> body) {
    Api.Res res = create(s, body);
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  /** A client that sends {@code key} as {@code X-API-Key}. */
  private static Api asKey(String key) {
    return Api.anonymous().withApiKey(key);
  }

  /** A client that sends {@code key} as {@code Authorization: Bearer}. */
  private static Api asBearer(String key) {
    return Api.anonymous().withHeader("Authorization", "Bearer " + key);
  }

  private static JsonNode listed(Session s, String keyId) {
    Api.Res list = s.api().get(KEYS + "?limit=500");
    assertEquals(200, list.status(), list.toString());
    for (JsonNode item : list.json().path("items")) {
      if (keyId.equals(item.path("id").asText())) {
        return item;
      }
    }
    return null;
  }

  private static void assertValidationError(Api.Res res, String... fields) {
    assertEquals(422, res.status(), res.toString());
    assertEquals("validation_error", res.code(), res.toString());
    assertEquals("application/problem+json", res.header("Content-Type"));
    List<String> reported = new ArrayList<>();
    for (JsonNode e : res.json().path("errors")) {
      reported.add(e.path("field").asText());
      assertFalse(e.path("message").asText().isBlank(), res.toString());
    }
    assertEquals(List.of(fields), reported, res.toString());
  }

  private static void assertUnauthorized(Api.Res res) {
    assertEquals(401, res.status(), res.toString());
    assertEquals("unauthorized", res.code(), res.toString());
    assertNotNull(res.header("WWW-Authenticate"), res.toString());
  }

  private static void assertForbidden(Api.Res res) {
    assertEquals(403, res.status(), res.toString());
    assertEquals("forbidden", res.code(), res.toString());
  }

  @Test
  void createdKeyIsShownOnceAndTheListNeverContainsTheSecret() {
    Session alice = Accounts.newUser("keys-once");
    Instant before = Instant.now().minusSeconds(5);
    JsonNode body = created(alice, Map.of("name", "  CI pipeline  "));
    String key = body.path("key").asText();
    var m = LIVE_KEY.matcher(key);
    assertTrue(m.matches(), key);
    String id = body.path("id").asText();
    assertEquals(id, UUID.fromString(id).toString());
    assertEquals("CI pipeline", body.path("name").asText());
    assertEquals("atl_live_" + m.group(1), body.path("prefix").asText());
    assertEquals("live", body.path("mode").asText());
    assertEquals("admin", body.path("role").asText(), "defaults to the creator's role");
    assertTrue(body.path("expires_at").isNull(), body.toString());
    Instant createdAt = Instant.parse(body.path("created_at").asText());
    assertTrue(createdAt.isAfter(before), body.toString());
    assertFalse(body.has("secret_hash"), body.toString());

    Api.Res list = alice.api().get(KEYS);
    assertEquals(200, list.status(), list.toString());
    assertFalse(list.text().contains(key), "the full key must never be listed");
    assertFalse(list.text().contains(m.group(2)), "the secret must never be listed");
    assertEquals(1, list.json().path("total").asInt(), list.toString());
    assertEquals(50, list.json().path("limit").asInt());
    assertEquals(0, list.json().path("offset").asInt());
    JsonNode item = list.json().path("items").get(0);
    assertEquals(id, item.path("id").asText());
    assertEquals("CI pipeline", item.path("name").asText());
    assertEquals("atl_live_" + m.group(1), item.path("prefix").asText());
    assertEquals("admin", item.path("role").asText());
    assertEquals("live", item.path("mode").asText());
    assertEquals(alice.userId(), item.path("user_id").asText());
    assertEquals(createdAt, Instant.parse(item.path("created_at").asText()));
    assertTrue(item.has("last_used_at"), item.toString());
    assertTrue(item.path("last_used_at").isNull(), "not used yet: " + item);
    assertTrue(item.path("revoked_at").isNull(), item.toString());
    for (String secretField : List.of("key", "secret", "secret_hash", "hash")) {
      assertFalse(item.has(secretField), secretField + " in " + item);
    }

    Api.Res used = asKey(key).get("/api/v1/tenants/current");
    assertEquals(200, used.status(), used.toString());
    JsonNode after = listed(alice, id);
    assertNotNull(after);
    assertFalse(after.path("last_used_at").isNull(), "set after use: " + after);
    Instant lastUsed = Instant.parse(after.path("last_used_at").asText());
    assertFalse(lastUsed.isBefore(createdAt), after.toString());
    assertFalse(lastUsed.isAfter(Instant.now().plusSeconds(5)), after.toString());
    Api.Res listAgain = alice.api().get(KEYS);
    assertFalse(listAgain.text().contains(m.group(2)), "the secret must never be listed");
  }

  @Test
  void keyWorksAsXApiKeyAndAsBearerInBothModes() {
    Session alice = Accounts.newUser("keys-headers");
    String live = created(alice, Map.of("name", "live")).path("key").asText();
    JsonNode testBody = created(alice, Map.of("name", "test", "mode", "test"));
    String test = testBody.path("key").asText();
    assertTrue(LIVE_KEY.matcher(live).matches(), live);
    assertTrue(TEST_KEY.matcher(test).matches(), test);
    assertEquals("test", testBody.path("mode").asText());
    assertTrue(testBody.path("prefix").asText().startsWith("atl_test_"), testBody.toString());
    assertTrue(test.startsWith(testBody.path("prefix").asText() + "_"), test);

    for (String key : List.of(live, test)) {
      for (Api client : List.of(asKey(key), asBearer(key))) {
        Api.Res current = client.get("/api/v1/tenants/current");
        assertEquals(200, current.status(), current.toString());
        assertEquals(alice.tenantId(), current.json().path("id").asText());
        assertEquals("admin", current.json().path("role").asText());
        Api.Res keys = client.get(KEYS);
        assertEquals(200, keys.status(), keys.toString());
        assertEquals(2, keys.json().path("total").asInt(), keys.toString());
      }
    }
    // lower-case scheme is accepted too
    Api.Res lower =
        Api.anonymous().withHeader("Authorization", "bearer " + live).get("/api/v1/projects");
    assertEquals(200, lower.status(), lower.toString());

    // an admin key may create further keys for its owner
    Api.Res viaKey = asKey(live).post(KEYS, Map.of("name", "made by a key", "role", "viewer"));
    assertEquals(201, viaKey.status(), viaKey.toString());
    JsonNode item = listed(alice, viaKey.json().path("id").asText());
    assertNotNull(item);
    assertEquals(alice.userId(), item.path("user_id").asText());
    assertEquals("viewer", item.path("role").asText());

    // the mode is part of the key: the same key presented in the other mode is refused
    assertUnauthorized(asKey("atl_test_" + live.substring(9)).get("/api/v1/projects"));
    assertUnauthorized(asKey("atl_live_" + test.substring(9)).get("/api/v1/projects"));
  }

  @Test
  void revokedKeyIsRefusedOnTheVeryNextRequest() {
    Session alice = Accounts.newUser("keys-revoke");
    JsonNode doomed = created(alice, Map.of("name", "doomed"));
    String doomedKey = doomed.path("key").asText();
    String kept = created(alice, Map.of("name", "kept")).path("key").asText();
    assertEquals(200, asKey(doomedKey).get("/api/v1/projects").status());
    assertEquals(200, asBearer(doomedKey).get("/api/v1/projects").status());

    Api.Res revoked = alice.api().delete(KEYS + "/" + doomed.path("id").asText());
    assertEquals(204, revoked.status(), revoked.toString());
    assertTrue(revoked.text() == null || revoked.text().isEmpty(), revoked.toString());

    assertUnauthorized(asKey(doomedKey).get("/api/v1/projects"));
    assertUnauthorized(asBearer(doomedKey).get("/api/v1/projects"));
    assertUnauthorized(asKey(doomedKey).get(KEYS));
    // the other key is untouched
    assertEquals(200, asKey(kept).get("/api/v1/projects").status());

    Api.Res again = alice.api().delete(KEYS + "/" + doomed.path("id").asText());
    assertEquals(404, again.status(), again.toString());
    assertEquals("not_found", again.code());
    Api.Res unknown = alice.api().delete(KEYS + "/" + UUID.randomUUID());
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("not_found", unknown.code());
    assertEquals(404, alice.api().delete(KEYS + "/not-a-key-id").status());

    JsonNode item = listed(alice, doomed.path("id").asText());
    if (item != null) {
      assertFalse(item.path("revoked_at").isNull(), "a listed revoked key says so: " + item);
    }
    // a revoked key stays revoked
    assertUnauthorized(asKey(doomedKey).get("/api/v1/tenants/current"));
  }

  @Test
  void creationIsValidated() {
    Session alice = Accounts.newUser("keys-valid");
    assertValidationError(create(alice, Map.of()), "name");
    assertValidationError(create(alice, Map.of("name", "   ")), "name");
    assertValidationError(create(alice, Map.of("name", "n".repeat(101))), "name");
    assertValidationError(create(alice, Map.of("name", "x", "role", "owner")), "role");
    assertValidationError(create(alice, Map.of("name", "x", "role", "superuser")), "role");
    assertValidationError(create(alice, Map.of("name", "x", "role", "")), "role");
    assertValidationError(create(alice, Map.of("name", "x", "mode", "prod")), "mode");
    assertValidationError(create(alice, Map.of("name", "x", "mode", "")), "mode");
    String past = Instant.now().minus(1, ChronoUnit.HOURS).toString();
    assertValidationError(create(alice, Map.of("name", "x", "expires_at", past)), "expires_at");
    assertValidationError(
        create(alice, Map.of("name", "x", "expires_at", "tomorrow")), "expires_at");
    assertValidationError(
        create(alice, Map.of("name", "x", "expires_at", "2031-13-01T00:00:00Z")), "expires_at");
    assertValidationError(create(alice, Map.of("name", "x", "expires_at", "")), "expires_at");
    assertValidationError(
        create(alice, Map.of("name", "x", "expires_at", "+10000-01-01T00:00:00Z")), "expires_at");
    assertValidationError(
        create(alice, Map.of("name", "x", "expires_at", "+1000000000-12-31T23:59:59Z")),
        "expires_at");
    assertValidationError(
        create(alice, Map.of("name", "x", "mode", "live", "role", "Admin ")), "role");
    assertValidationError(create(alice, Map.of("name", "line\u0000break")), "name");
    Api.Res all =
        create(
            alice, Map.of("name", "", "role", "root", "mode", "dev", "expires_at", "1999-01-01"));
    assertValidationError(all, "name", "role", "mode", "expires_at");
    assertEquals(
        "The request has 4 invalid fields.", all.json().path("detail").asText(), all.toString());

    Api.Res malformed = alice.api().post(KEYS, "{\"name\":");
    assertEquals(400, malformed.status(), malformed.toString());
    assertEquals("malformed_json", malformed.code());
    // a value of the wrong JSON type is a field error (it was 400 malformed_json)
    Api.Res wrongType = alice.api().post(KEYS, "{\"name\": {\"a\": 1}}");
    assertValidationError(wrongType, "name");

    // nothing was created by any of the refused requests
    assertEquals(0, alice.api().get(KEYS).json().path("total").asInt());

    // the latest four-digit year is still fine
    JsonNode distant =
        created(alice, Map.of("name", "distant", "expires_at", "9999-12-31T23:59:59Z"));
    assertEquals(
        Instant.parse("9999-12-31T23:59:59Z"), Instant.parse(distant.path("expires_at").asText()));
    assertEquals(200, asKey(distant.path("key").asText()).get("/api/v1/projects").status());
    assertEquals(204, alice.api().delete(KEYS + "/" + distant.path("id").asText()).status());

    // a valid expiry with an offset is accepted and reported in UTC, the same way every time
    JsonNode expiring =
        created(
            alice, Map.of("name", "expiring", "expires_at", "2099-06-01T02:00:00.1234567+02:00"));
    Instant expected = Instant.parse("2099-06-01T00:00:00.123456Z");
    assertEquals(expected, Instant.parse(expiring.path("expires_at").asText()));
    assertEquals(200, asKey(expiring.path("key").asText()).get("/api/v1/tenants/current").status());
    JsonNode item = listed(alice, expiring.path("id").asText());
    assertNotNull(item);
    assertEquals(expected, Instant.parse(item.path("expires_at").asText()));
  }

  @Test
  void keyStopsWorkingWhenItExpires() throws InterruptedException {
    Session alice = Accounts.newUser("keys-expire");
    Instant expires = Instant.now().plusSeconds(3);
    JsonNode body = created(alice, Map.of("name", "short-lived", "expires_at", expires.toString()));
    String key = body.path("key").asText();
    assertEquals(200, asKey(key).get("/api/v1/projects").status());
    long wait = expires.toEpochMilli() - System.currentTimeMillis() + 1_000;
    Thread.sleep(Math.max(0, wait));
    assertUnauthorized(asKey(key).get("/api/v1/projects"));
    assertUnauthorized(asBearer(key).get("/api/v1/projects"));
  }

  @Test
  void keyRoleLimitsWhatTheKeyMayDo() {
    Session alice = Accounts.newUser("keys-roles");
    String viewer = Accounts.apiKey(alice, "viewer");
    String operator = Accounts.apiKey(alice, "operator");
    String admin = Accounts.apiKey(alice, "admin");

    assertEquals(
        "viewer", asKey(viewer).get("/api/v1/tenants/current").json().path("role").asText());
    assertEquals(200, asKey(viewer).get("/api/v1/projects").status());
    assertForbidden(asKey(viewer).post("/api/v1/projects", Map.of("name", "By viewer")));
    assertForbidden(asKey(viewer).get(KEYS));

    assertEquals(
        "operator", asKey(operator).get("/api/v1/tenants/current").json().path("role").asText());
    Api.Res project = asKey(operator).post("/api/v1/projects", Map.of("name", "By operator"));
    assertEquals(201, project.status(), project.toString());
    assertForbidden(asKey(operator).get(KEYS));
    assertForbidden(asKey(operator).post(KEYS, Map.of("name", "escalate", "role", "admin")));
    assertForbidden(asKey(operator).patch("/api/v1/tenants/current", Map.of("name", "Renamed")));

    assertEquals(200, asKey(admin).get(KEYS).status());
    // keys are not sessions: they cannot switch workspace, log out, or create workspaces
    Api.Res switched =
        asKey(admin).post("/api/v1/auth/switch-tenant", Map.of("tenant_id", alice.tenantId()));
    assertEquals(400, switched.status(), switched.toString());
    assertEquals("not_a_session", switched.code());
    Api.Res logout = asKey(admin).post("/api/v1/auth/logout", Map.of());
    assertEquals(400, logout.status(), logout.toString());
    assertForbidden(asKey(admin).post("/api/v1/tenants", Map.of("name", "From a key")));
    assertEquals(200, asKey(admin).get("/api/v1/projects").status(), "the key still works");
  }

  @Test
  void keyCannotHaveAHigherRoleThanItsCreator() {
    Session alice = Accounts.newUser("keys-higher");
    Session olga = Accounts.joinAs(alice, Accounts.newUser("keys-higher-op"), "operator");
    Session vera = Accounts.joinAs(alice, Accounts.newUser("keys-higher-view"), "viewer");

    assertForbidden(create(olga, Map.of("name", "escalate", "role", "admin")));
    assertForbidden(create(olga, Map.of("name", "default role")));
    assertForbidden(create(vera, Map.of("name", "escalate", "role", "operator")));
    assertForbidden(create(vera, Map.of("name", "escalate", "role", "admin")));
    assertEquals(0, alice.api().get(KEYS).json().path("total").asInt(), "nothing was created");

    // an admin may create keys of every role up to admin
    for (String role : List.of("viewer", "operator", "admin")) {
      assertEquals(role, created(alice, Map.of("name", role, "role", role)).path("role").asText());
    }
  }

  @Test
  void viewersAndOperatorsCannotManageKeys() {
    Session alice = Accounts.newUser("keys-mgmt");
    JsonNode existing = created(alice, Map.of("name", "existing"));
    String key = existing.path("key").asText();
    String id = existing.path("id").asText();
    Session olga = Accounts.joinAs(alice, Accounts.newUser("keys-mgmt-op"), "operator");
    Session vera = Accounts.joinAs(alice, Accounts.newUser("keys-mgmt-view"), "viewer");
    for (Session s : List.of(olga, vera)) {
      Api.Res list = s.api().get(KEYS);
      assertForbidden(list);
      assertFalse(list.text().contains(id), list.toString());
      assertForbidden(s.api().post(KEYS, Map.of("name", "mine", "role", "viewer")));
      assertForbidden(s.api().delete(KEYS + "/" + id));
    }
    assertEquals(200, asKey(key).get("/api/v1/projects").status(), "the key was not revoked");
    assertUnauthorized(Api.anonymous().get(KEYS));
    assertUnauthorized(Api.anonymous().post(KEYS, Map.of("name", "anonymous")));
    assertUnauthorized(Api.anonymous().delete(KEYS + "/" + id));
    assertEquals(1, alice.api().get(KEYS).json().path("total").asInt());
  }

  @Test
  void keyActsWithAtMostItsOwnersLiveRole() {
    Session alice = Accounts.newUser("keys-live");
    Session bob = Accounts.joinAs(alice, Accounts.newUser("keys-live-bob"), "admin");
    String key = Accounts.apiKey(bob, "admin");
    Api k = asKey(key);
    assertEquals(200, k.get(KEYS).status());
    assertEquals("admin", k.get("/api/v1/tenants/current").json().path("role").asText());

    Api.Res demoted =
        alice
            .api()
            .patch("/api/v1/tenants/current/members/" + bob.userId(), Map.of("role", "viewer"));
    assertEquals(200, demoted.status(), demoted.toString());
    assertForbidden(k.get(KEYS));
    assertForbidden(k.delete(KEYS + "/" + UUID.randomUUID()));
    assertForbidden(k.post("/api/v1/projects", Map.of("name", "Not allowed")));
    Api.Res asViewer = k.get("/api/v1/tenants/current");
    assertEquals(200, asViewer.status(), asViewer.toString());
    assertEquals("viewer", asViewer.json().path("role").asText());
    assertEquals(alice.tenantId(), asViewer.json().path("id").asText());

    Api.Res operator =
        alice
            .api()
            .patch("/api/v1/tenants/current/members/" + bob.userId(), Map.of("role", "operator"));
    assertEquals(200, operator.status(), operator.toString());
    assertEquals("operator", k.get("/api/v1/tenants/current").json().path("role").asText());
    assertEquals(201, k.post("/api/v1/projects", Map.of("name", "Allowed")).status());
    assertForbidden(k.get(KEYS));

    Api.Res promoted =
        alice
            .api()
            .patch("/api/v1/tenants/current/members/" + bob.userId(), Map.of("role", "admin"));
    assertEquals(200, promoted.status(), promoted.toString());
    assertEquals(200, k.get(KEYS).status(), "the key's own role applies again");

    Api.Res removed = alice.api().delete("/api/v1/tenants/current/members/" + bob.userId());
    assertEquals(204, removed.status(), removed.toString());
    assertUnauthorized(k.get("/api/v1/tenants/current"));
    assertUnauthorized(asBearer(key).get("/api/v1/projects"));
    assertUnauthorized(k.get(KEYS));
  }

  @Test
  void keysAreBoundToTheirWorkspace() {
    Session alice = Accounts.newUser("keys-bound-a");
    Session carol = Accounts.newUser("keys-bound-c");
    JsonNode aliceKey = created(alice, Map.of("name", "alice's"));
    String aliceKeyId = aliceKey.path("id").asText();
    JsonNode carolKey = created(carol, Map.of("name", "carol's"));

    // another workspace's key id is unknown here
    Api.Res foreign = carol.api().delete(KEYS + "/" + aliceKeyId);
    assertEquals(404, foreign.status(), foreign.toString());
    assertEquals("not_found", foreign.code());
    Api.Res viaKey = asKey(carolKey.path("key").asText()).delete(KEYS + "/" + aliceKeyId);
    assertEquals(404, viaKey.status(), viaKey.toString());
    assertEquals(200, asKey(aliceKey.path("key").asText()).get("/api/v1/projects").status());
    Api.Res carolList = carol.api().get(KEYS);
    assertEquals(1, carolList.json().path("total").asInt(), carolList.toString());
    assertFalse(carolList.text().contains(aliceKeyId), carolList.toString());

    // a key's current workspace is the one it was created in, not its owner's default one
    Session bob = Accounts.newUser("keys-bound-b");
    Session bobInAlice = Accounts.joinAs(alice, bob, "admin");
    JsonNode bobKey = created(bobInAlice, Map.of("name", "bob in alice's"));
    Api.Res current = asKey(bobKey.path("key").asText()).get("/api/v1/tenants/current");
    assertEquals(200, current.status(), current.toString());
    assertEquals(alice.tenantId(), current.json().path("id").asText());
    assertNotEquals(bob.tenantId(), alice.tenantId());
    Api.Res bobHome = bob.api().get(KEYS);
    assertEquals(0, bobHome.json().path("total").asInt(), "listed in its workspace only");
    Api.Res bobHomeDelete = bob.api().delete(KEYS + "/" + bobKey.path("id").asText());
    assertEquals(404, bobHomeDelete.status(), bobHomeDelete.toString());
    Api.Res aliceList = alice.api().get(KEYS);
    assertEquals(2, aliceList.json().path("total").asInt(), aliceList.toString());
    // the workspace's admin may revoke a key another admin made there
    assertEquals(204, alice.api().delete(KEYS + "/" + bobKey.path("id").asText()).status());
    assertUnauthorized(asKey(bobKey.path("key").asText()).get("/api/v1/tenants/current"));
  }

  @Test
  void wrongAndGarbledKeysAreRefused() {
    Session alice = Accounts.newUser("keys-wrong");
    String key = Accounts.apiKey(alice, "admin");
    var m = LIVE_KEY.matcher(key);
    assertTrue(m.matches());
    String prefix = m.group(1);
    String secret = m.group(2);
    char last = secret.charAt(31);
    String flipped = secret.substring(0, 31) + (last == 'a' ? 'b' : 'a');
    char first = secret.charAt(0);
    String caseChanged =
        (Character.isUpperCase(first)
                ? Character.toLowerCase(first)
                : Character.isLowerCase(first) ? Character.toUpperCase(first) : 'Q')
            + secret.substring(1);
    String random = UUID.randomUUID().toString().replace("-", "");
    List<String> wrong =
        List.of(
            "atl_live_" + prefix + "_" + flipped,
            "atl_live_" + prefix + "_" + caseChanged,
            "atl_live_" + random.substring(0, 12) + "_" + secret,
            "atl_live_" + random.substring(0, 12) + "_" + random,
            key.substring(0, key.length() - 1),
            key + "x",
            "atl_live_" + prefix,
            "atl_live_",
            "atl_",
            "atl_prod_" + prefix + "_" + secret,
            key.replace('_', '-'),
            "not-a-key",
            "atl_live_" + prefix + "_" + secret.substring(0, 31) + "%",
            alice.accessToken());
    for (String w : wrong) {
      Api.Res viaHeader = asKey(w).get("/api/v1/projects");
      assertUnauthorized(viaHeader);
      assertFalse(viaHeader.text().contains(secret), viaHeader.toString());
      if (w.startsWith("atl_")) {
        assertUnauthorized(asBearer(w).get("/api/v1/projects"));
      }
    }
    Api.Res bearerGarbage = asBearer("atl_live_garbage").get(KEYS);
    assertUnauthorized(bearerGarbage);
    for (String leak : List.of("SQL", "Exception", "api_keys", "select")) {
      assertFalse(bearerGarbage.text().contains(leak), bearerGarbage.toString());
    }
    // many wrong attempts do not affect the real key
    assertEquals(200, asKey(key).get("/api/v1/projects").status());
    assertEquals(200, asKey("  " + key + "  ").get("/api/v1/projects").status());
  }

  @Test
  void listIsPagedNewestFirst() {
    Session alice = Accounts.newUser("keys-paging");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(created(alice, Map.of("name", "key " + i)).path("id").asText());
    }
    Api.Res first = alice.api().get(KEYS + "?limit=2");
    assertEquals(200, first.status(), first.toString());
    assertEquals(3, first.json().path("total").asInt());
    assertEquals(2, first.json().path("limit").asInt());
    assertEquals(0, first.json().path("offset").asInt());
    assertEquals(2, first.json().path("items").size());
    Api.Res second = alice.api().get(KEYS + "?limit=2&offset=2");
    assertEquals(1, second.json().path("items").size(), second.toString());
    assertEquals(2, second.json().path("offset").asInt());
    List<String> seen = new ArrayList<>();
    first.json().path("items").forEach(i -> seen.add(i.path("id").asText()));
    second.json().path("items").forEach(i -> seen.add(i.path("id").asText()));
    assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), seen, "newest first");
    Api.Res beyond = alice.api().get(KEYS + "?offset=10");
    assertEquals(0, beyond.json().path("items").size());
    assertEquals(3, beyond.json().path("total").asInt());

    Map<String, String> bad = new HashMap<>();
    bad.put("limit=0", "limit");
    bad.put("limit=501", "limit");
    bad.put("limit=abc", "limit");
    bad.put("offset=-1", "offset");
    bad.forEach(
        (query, field) -> assertValidationError(alice.api().get(KEYS + "?" + query), field));
  }
}
