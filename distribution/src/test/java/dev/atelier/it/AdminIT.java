package dev.atelier.it;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class AdminIT {

  private static final String USERS = "/api/v1/admin/users";
  private static final String TENANTS = "/api/v1/admin/tenants";

  /** A freshly registered account that has made no authenticated request yet. */
  private record Fresh(Api anonymous, String email, String userId, String tenantId, Api api) {}

  private static Fresh register(String email, String name) {
    Api anon = Api.anonymous();
    Api.Res reg =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", Accounts.PASSWORD, "name", name));
    assertEquals(201, reg.status(), reg.toString());
    Api.Res login =
        anon.post("/api/v1/auth/login", Map.of("email", email, "password", Accounts.PASSWORD));
    assertEquals(200, login.status(), login.toString());
    return new Fresh(
        anon,
        email,
        reg.json().path("user").path("id").asText(),
        reg.json().path("tenant").path("id").asText(),
        anon.withToken(login.json().path("access_token").asText()));
  }

  private static Api.Res patch(Session root, String path, Map<String, ?> body) {
    return root.api().patch(path, body);
  }

  private static Map<String, Object> rateLimit(Integer perMinute) {
    Map<String, Object> body = new HashMap<>();
    body.put("rate_limit_per_minute", perMinute);
    return body;
  }

  /** The admin view of one workspace, looked up through the paged list. */
  private static JsonNode tenant(Session root, String id) {
    int offset = 0;
    while (true) {
      Api.Res page = root.api().get(TENANTS + "?limit=500&offset=" + offset);
      assertEquals(200, page.status(), page.toString());
      for (JsonNode t : page.json().path("items")) {
        if (id.equals(t.path("id").asText())) {
          return t;
        }
      }
      offset += 500;
      if (offset >= page.json().path("total").asInt()) {
        return null;
      }
    }
  }

  private static List<String> emails(Api.Res page) {
    List<String> out = new ArrayList<>();
    page.json().path("items").forEach(u -> out.add(u.path("email").asText()));
    return out;
  }

  private static void assertValidationError(Api.Res res, String field) {
    assertEquals(422, res.status(), res.toString());
    assertEquals("validation_error", res.code(), res.toString());
    assertEquals(field, res.json().path("errors").get(0).path("field").asText(), res.toString());
  }

  private static void assertForbidden(Api.Res res) {
    assertEquals(403, res.status(), res.toString());
    assertEquals("forbidden", res.code(), res.toString());
  }

  private static void assertUnauthorized(Api.Res res) {
    assertEquals(401, res.status(), res.toString());
    assertEquals("unauthorized", res.code(), res.toString());
  }

  /** Waits for a fresh rate-limit window when the current minute has less than 15 s left. */
  private static void awaitRoomInTheCurrentMinute() throws InterruptedException {
    long intoMinute = System.currentTimeMillis() % 60_000;
    if (intoMinute > 45_000) {
      Thread.sleep(60_000 - intoMinute + 250);
    }
  }

  @Test
  void administrationNeedsASuperuserSignedInWithAToken() {
    Session root = Accounts.superuser();
    Session tenantAdmin = Accounts.newUser("adm-nope");
    String someUser = tenantAdmin.userId();
    String someTenant = tenantAdmin.tenantId();

    Api anon = Api.anonymous();
    assertUnauthorized(anon.get(USERS));
    assertUnauthorized(anon.patch(USERS + "/" + someUser, Map.of("disabled", true)));
    assertUnauthorized(anon.get(TENANTS));
    assertUnauthorized(anon.patch(TENANTS + "/" + someTenant, rateLimit(5)));

    // an admin of their own workspace is not a platform superuser
    Api t = tenantAdmin.api();
    assertForbidden(t.get(USERS));
    assertForbidden(t.get(USERS + "?q=root"));
    assertForbidden(t.patch(USERS + "/" + someUser, Map.of("superuser", true)));
    assertForbidden(t.get(TENANTS));
    assertForbidden(t.patch(TENANTS + "/" + someTenant, rateLimit(1_000_000)));
    String tenantAdminKey = Accounts.apiKey(tenantAdmin, "admin");
    assertForbidden(Api.anonymous().withApiKey(tenantAdminKey).get(USERS));

    // a superuser's API key is not enough either: administration needs a signed-in superuser
    Api.Res made = root.api().post("/api/v1/api-keys", Map.of("name", "root key (AdminIT)"));
    assertEquals(201, made.status(), made.toString());
    String rootKey = made.json().path("key").asText();
    try {
      Api viaKey = Api.anonymous().withApiKey(rootKey);
      assertEquals(200, viaKey.get("/api/v1/tenants/current").status(), "the key itself works");
      assertForbidden(viaKey.get(USERS));
      assertForbidden(viaKey.get(TENANTS));
      assertForbidden(viaKey.patch(USERS + "/" + someUser, Map.of("disabled", true)));
      assertForbidden(viaKey.patch(TENANTS + "/" + someTenant, rateLimit(1)));
      assertForbidden(
          Api.anonymous().withHeader("Authorization", "Bearer " + rootKey).get(TENANTS));
    } finally {
      assertEquals(
          204, root.api().delete("/api/v1/api-keys/" + made.json().path("id").asText()).status());
    }

    // nothing changed: the user is enabled, not a superuser, and the workspace has no own limit
    Api.Res me = tenantAdmin.api().get("/api/v1/users/me");
    assertEquals(200, me.status(), me.toString());
    assertFalse(me.json().path("user").path("superuser").asBoolean(), me.toString());
    JsonNode ws = tenant(root, someTenant);
    assertNotNull(ws);
    assertTrue(ws.path("rate_limit_per_minute").isNull(), ws.toString());

    assertEquals(200, root.api().get(USERS + "?limit=1").status());
    assertEquals(200, root.api().get(TENANTS + "?limit=1").status());
  }

  @Test
  void usersAreListedWithPagingAndSearch() {
    Session root = Accounts.superuser();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String email = "listed" + i + "-" + tag + "@example.test";
      register(email, "Listed Person " + tag.toUpperCase(Locale.ROOT) + " " + i);
      created.add(email);
    }

    Api.Res byName = root.api().get(USERS + "?q=person%20" + tag);
    assertEquals(200, byName.status(), byName.toString());
    assertEquals(3, byName.json().path("total").asInt(), byName.toString());
    assertEquals(created, emails(byName), "oldest first");
    JsonNode user = byName.json().path("items").get(0);
    for (String field : List.of("id", "email", "name", "superuser", "disabled", "created_at")) {
      assertTrue(user.has(field), field + " in " + user);
    }
    assertFalse(user.path("superuser").asBoolean());
    assertFalse(user.path("disabled").asBoolean());
    assertNotNull(Instant.parse(user.path("created_at").asText()));
    assertFalse(byName.text().toLowerCase(Locale.ROOT).contains("password"), byName.toString());
    assertFalse(byName.text().contains("$argon") || byName.text().contains("hash"));

    Api.Res byEmail = root.api().get(USERS + "?q=LISTED1-" + tag.toUpperCase(Locale.ROOT));
    assertEquals(List.of(created.get(1)), emails(byEmail), byEmail.toString());
    assertEquals(1, byEmail.json().path("total").asInt());

    Api.Res firstPage = root.api().get(USERS + "?q=" + tag + "&limit=2");
    assertEquals(2, firstPage.json().path("limit").asInt());
    assertEquals(0, firstPage.json().path("offset").asInt());
    assertEquals(3, firstPage.json().path("total").asInt());
    assertEquals(created.subList(0, 2), emails(firstPage));
    Api.Res secondPage = root.api().get(USERS + "?q=" + tag + "&limit=2&offset=2");
    assertEquals(created.subList(2, 3), emails(secondPage), secondPage.toString());
    assertEquals(3, secondPage.json().path("total").asInt());

    Api.Res nobody = root.api().get(USERS + "?q=nobody-" + UUID.randomUUID());
    assertEquals(200, nobody.status());
    assertEquals(0, nobody.json().path("total").asInt());
    assertEquals(0, nobody.json().path("items").size());

    // without q every user is counted, the bootstrap superuser among them
    Api.Res all = root.api().get(USERS + "?limit=1");
    assertEquals(1, all.json().path("items").size());
    assertTrue(all.json().path("total").asInt() >= 4, all.toString());
    Api.Res su = root.api().get(USERS + "?q=" + AtelierServer.ADMIN_EMAIL);
    assertEquals(List.of(AtelierServer.ADMIN_EMAIL), emails(su), su.toString());
    assertTrue(su.json().path("items").get(0).path("superuser").asBoolean());

    assertValidationError(root.api().get(USERS + "?limit=0"), "limit");
    assertValidationError(root.api().get(USERS + "?limit=501"), "limit");
    assertValidationError(root.api().get(USERS + "?offset=-1"), "offset");
    assertValidationError(root.api().get(USERS + "?q=" + "q".repeat(201)), "q");
  }

  @Test
  void userSearchTreatsWildcardsLiterally() {
    Session root = Accounts.superuser();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String underscored = "wild_card-" + tag + "@example.test";
    register(underscored, "Wild " + tag);
    register("wildxcard-" + tag + "@example.test", "Wild " + tag);

    Api.Res exact = root.api().get(USERS + "?q=wild_card-" + tag);
    assertEquals(200, exact.status(), exact.toString());
    assertEquals(List.of(underscored), emails(exact), "_ is not a wildcard: " + exact);
    Api.Res percent = root.api().get(USERS + "?q=wild%25card-" + tag);
    assertEquals(0, percent.json().path("total").asInt(), "% is not a wildcard: " + percent);
    Api.Res both = root.api().get(USERS + "?q=card-" + tag);
    assertEquals(2, both.json().path("total").asInt(), both.toString());
  }

  @Test
  void disablingAUserEndsTheirTokensKeysAndSignInAtOnce() {
    Session root = Accounts.superuser();
    Session user = Accounts.newUser("adm-disable");
    String key = Accounts.apiKey(user, "admin");
    Api viaKey = Api.anonymous().withApiKey(key);
    Api viaBearerKey = Api.anonymous().withHeader("Authorization", "Bearer " + key);
    assertEquals(200, user.api().get("/api/v1/projects").status());
    assertEquals(200, viaKey.get("/api/v1/projects").status());
    // a bystander in the same workspace keeps working
    Session bystander = Accounts.joinAs(user, Accounts.newUser("adm-bystander"), "operator");

    Api.Res disabled = patch(root, USERS + "/" + user.userId(), Map.of("disabled", true));
    assertEquals(200, disabled.status(), disabled.toString());
    assertEquals(user.userId(), disabled.json().path("id").asText());
    assertEquals(user.email(), disabled.json().path("email").asText());
    assertTrue(disabled.json().path("disabled").asBoolean());
    assertFalse(disabled.json().path("superuser").asBoolean());

    assertUnauthorized(user.api().get("/api/v1/projects"));
    assertUnauthorized(user.api().get("/api/v1/users/me"));
    assertUnauthorized(viaKey.get("/api/v1/projects"));
    assertUnauthorized(viaBearerKey.get("/api/v1/tenants/current"));
    Api.Res refresh =
        user.anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", user.refreshToken()));
    assertEquals(401, refresh.status(), refresh.toString());
    Api.Res login =
        Api.anonymous()
            .post(
                "/api/v1/auth/login", Map.of("email", user.email(), "password", Accounts.PASSWORD));
    assertUnauthorized(login);
    assertFalse(login.text().contains("access_token"), login.toString());
    assertEquals(200, bystander.api().get("/api/v1/projects").status());

    Api.Res listed = root.api().get(USERS + "?q=" + user.email());
    assertTrue(listed.json().path("items").get(0).path("disabled").asBoolean(), listed.toString());

    // disabling twice is harmless
    assertEquals(200, patch(root, USERS + "/" + user.userId(), Map.of("disabled", true)).status());

    Api.Res enabled = patch(root, USERS + "/" + user.userId(), Map.of("disabled", false));
    assertEquals(200, enabled.status(), enabled.toString());
    assertFalse(enabled.json().path("disabled").asBoolean());
    Session again = Accounts.login(Api.anonymous(), user.email(), Accounts.PASSWORD);
    assertEquals(200, again.api().get("/api/v1/projects").status());
    assertEquals(user.tenantId(), again.tenantId());
    // the key was suspended, not revoked; the ended sessions stay ended
    assertEquals(200, viaKey.get("/api/v1/projects").status());
    assertUnauthorized(user.api().get("/api/v1/projects"));
  }

  @Test
  void grantingAndRemovingSuperuserTakesEffectAtOnce() {
    Session root = Accounts.superuser();
    Session user = Accounts.newUser("adm-grant");
    Session other = Accounts.newUser("adm-grant-other");
    assertForbidden(user.api().get(USERS));

    Api.Res granted = patch(root, USERS + "/" + user.userId(), Map.of("superuser", true));
    assertEquals(200, granted.status(), granted.toString());
    assertTrue(granted.json().path("superuser").asBoolean());
    assertFalse(granted.json().path("disabled").asBoolean());

    // the existing token now reaches administration, and the new superuser cannot change themself
    assertEquals(200, user.api().get(USERS + "?limit=1").status());
    Api.Res self = user.api().patch(USERS + "/" + user.userId(), Map.of("superuser", false));
    assertEquals(409, self.status(), self.toString());
    assertEquals("cannot_change_self", self.code());
    Api.Res otherTenant = user.api().get(TENANTS + "?limit=1");
    assertEquals(200, otherTenant.status(), otherTenant.toString());
    // their API key is still not an administrator's credential
    String key = Accounts.apiKey(user, "admin");
    assertForbidden(Api.anonymous().withApiKey(key).get(USERS));

    Api.Res removed = patch(root, USERS + "/" + user.userId(), Map.of("superuser", false));
    assertEquals(200, removed.status(), removed.toString());
    assertFalse(removed.json().path("superuser").asBoolean());
    assertForbidden(user.api().get(USERS));
    assertForbidden(user.api().patch(USERS + "/" + other.userId(), Map.of("disabled", true)));
    assertEquals(200, other.api().get("/api/v1/projects").status(), "other is not disabled");
    assertEquals(200, user.api().get("/api/v1/projects").status(), "still a normal user");
  }

  @Test
  void updatingAUserIsValidated() {
    Session root = Accounts.superuser();
    Session user = Accounts.newUser("adm-upd");

    Api.Res unknown = patch(root, USERS + "/" + UUID.randomUUID(), Map.of("disabled", true));
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("not_found", unknown.code());
    assertEquals(404, patch(root, USERS + "/not-a-user", Map.of("disabled", true)).status());

    Api.Res selfDisable = patch(root, USERS + "/" + root.userId(), Map.of("disabled", true));
    assertEquals(409, selfDisable.status(), selfDisable.toString());
    assertEquals("cannot_change_self", selfDisable.code());
    assertEquals("application/problem+json", selfDisable.header("Content-Type"));
    Api.Res selfDemote = patch(root, USERS + "/" + root.userId(), Map.of("superuser", false));
    assertEquals(409, selfDemote.status(), selfDemote.toString());
    assertEquals("cannot_change_self", selfDemote.code());
    assertEquals(200, root.api().get(USERS + "?limit=1").status(), "root is unchanged");

    Api.Res empty = patch(root, USERS + "/" + user.userId(), Map.of());
    assertEquals(422, empty.status(), empty.toString());
    assertEquals("validation_error", empty.code());
    assertFalse(empty.json().path("errors").isEmpty(), empty.toString());
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("disabled", null);
    nulls.put("superuser", null);
    assertEquals(422, patch(root, USERS + "/" + user.userId(), nulls).status());
    Api.Res malformed = root.api().patch(USERS + "/" + user.userId(), "{\"disabled\":");
    assertEquals(400, malformed.status(), malformed.toString());
    assertEquals("malformed_json", malformed.code());
    // a value of the wrong JSON type is a field error (it was 400 malformed_json)
    Api.Res wrongType = root.api().patch(USERS + "/" + user.userId(), "{\"disabled\": [1]}");
    assertEquals(422, wrongType.status(), wrongType.toString());
    assertEquals("validation_error", wrongType.code());

    // none of that touched the user
    Api.Res me = user.api().get("/api/v1/users/me");
    assertEquals(200, me.status(), me.toString());
    assertFalse(me.json().path("user").path("disabled").asBoolean());
    assertFalse(me.json().path("user").path("superuser").asBoolean());

    // flags are JSON booleans: nothing else is read as true or false
    assertEquals(200, patch(root, USERS + "/" + user.userId(), Map.of("disabled", true)).status());
    for (String body :
        List.of(
            "{\"disabled\": 1}",
            "{\"disabled\": 0}",
            "{\"disabled\": \"false\"}",
            "{\"disabled\": \"no\"}",
            "{\"superuser\": 1}",
            "{\"superuser\": \"true\"}",
            "{\"disabled\": {}}")) {
      Api.Res res = root.api().patch(USERS + "/" + user.userId(), body);
      assertEquals(422, res.status(), body + " -> " + res);
      assertEquals("validation_error", res.code(), body + " -> " + res);
      assertEquals(
          "must be true or false",
          res.json().path("errors").get(0).path("message").asText(),
          body + " -> " + res);
    }
    JsonNode still = root.api().get(USERS + "?q=" + user.email()).json().path("items").get(0);
    assertTrue(still.path("disabled").asBoolean(), "still disabled: " + still);
    assertFalse(still.path("superuser").asBoolean(), still.toString());
    assertEquals(200, patch(root, USERS + "/" + user.userId(), Map.of("disabled", false)).status());
  }

  @Test
  void tenantsAreListedWithMemberCounts() {
    Session root = Accounts.superuser();
    Session alice = Accounts.newUser("adm-ten-a");
    Accounts.joinAs(alice, Accounts.newUser("adm-ten-b"), "viewer");
    Accounts.joinAs(alice, Accounts.newUser("adm-ten-c"), "operator");
    Api.Res team = alice.api().post("/api/v1/tenants", Map.of("name", "Team space"));
    assertEquals(201, team.status(), team.toString());
    String teamId = team.json().path("id").asText();

    JsonNode personal = tenant(root, alice.tenantId());
    assertNotNull(personal, "alice's workspace is listed");
    assertEquals(3, personal.path("members").asInt(), personal.toString());
    assertTrue(personal.path("personal").asBoolean());
    assertFalse(personal.path("slug").asText().isEmpty());
    assertFalse(personal.path("name").asText().isEmpty());
    assertTrue(personal.path("rate_limit_per_minute").isNull(), personal.toString());
    assertNotNull(Instant.parse(personal.path("created_at").asText()));
    JsonNode teamView = tenant(root, teamId);
    assertNotNull(teamView);
    assertEquals(1, teamView.path("members").asInt(), teamView.toString());
    assertFalse(teamView.path("personal").asBoolean());
    assertEquals("Team space", teamView.path("name").asText());

    Api.Res first = root.api().get(TENANTS + "?limit=1");
    assertEquals(200, first.status(), first.toString());
    assertEquals(1, first.json().path("items").size());
    assertEquals(1, first.json().path("limit").asInt());
    int total = first.json().path("total").asInt();
    assertTrue(total >= 4, first.toString());
    Api.Res last = root.api().get(TENANTS + "?limit=2&offset=" + (total - 1));
    assertEquals(1, last.json().path("items").size(), last.toString());
    assertEquals(total - 1, last.json().path("offset").asInt());
    assertEquals(teamId, last.json().path("items").get(0).path("id").asText(), "oldest first");

    assertValidationError(root.api().get(TENANTS + "?limit=0"), "limit");
    assertValidationError(root.api().get(TENANTS + "?limit=501"), "limit");
    assertValidationError(root.api().get(TENANTS + "?offset=x"), "offset");
  }

  @Test
  void aWorkspaceRateLimitAppliesToThatWorkspaceOnly() throws InterruptedException {
    Session root = Accounts.superuser();
    String email = Accounts.uniqueEmail("adm-limited");
    Fresh limited = register(email, "Limited");
    Session neighbour = Accounts.newUser("adm-unlimited");
    awaitRoomInTheCurrentMinute();

    Api.Res set = patch(root, TENANTS + "/" + limited.tenantId(), rateLimit(3));
    assertEquals(200, set.status(), set.toString());
    assertEquals(limited.tenantId(), set.json().path("id").asText());
    assertEquals(3, set.json().path("rate_limit_per_minute").asInt());
    assertEquals(1, set.json().path("members").asInt(), set.toString());

    for (int i = 1; i <= 3; i++) {
      Api.Res ok = limited.api().get("/api/v1/projects");
      assertEquals(200, ok.status(), "request " + i + ": " + ok);
      assertEquals("3", ok.header("X-RateLimit-Limit"), ok.headers().toString());
      assertEquals(Integer.toString(3 - i), ok.header("X-RateLimit-Remaining"));
      assertEquals("3;w=60", ok.header("RateLimit-Policy"));
    }
    Api.Res limitedRes = limited.api().get("/api/v1/projects");
    assertEquals(429, limitedRes.status(), limitedRes.toString());
    assertEquals("rate_limited", limitedRes.code());
    assertEquals("application/problem+json", limitedRes.header("Content-Type"));
    int retryAfter = Integer.parseInt(limitedRes.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    assertEquals("3;w=60", limitedRes.header("RateLimit-Policy"));
    String rateLimit = limitedRes.header("RateLimit");
    assertNotNull(rateLimit);
    assertTrue(rateLimit.contains("limit=3") && rateLimit.contains("remaining=0"), rateLimit);
    assertEquals("3", limitedRes.header("X-RateLimit-Limit"));
    assertEquals("0", limitedRes.header("X-RateLimit-Remaining"));
    int reset = Integer.parseInt(limitedRes.header("X-RateLimit-Reset"));
    assertTrue(reset >= 1 && reset <= 60, "X-RateLimit-Reset " + reset);
    // still limited, whatever the endpoint
    assertEquals(429, limited.api().get("/api/v1/users/me").status());

    // another workspace keeps the default limit
    for (int i = 0; i < 5; i++) {
      Api.Res other = neighbour.api().get("/api/v1/projects");
      assertEquals(200, other.status(), other.toString());
      assertEquals("100", other.header("X-RateLimit-Limit"));
    }

    JsonNode listed = tenant(root, limited.tenantId());
    assertNotNull(listed);
    assertEquals(3, listed.path("rate_limit_per_minute").asInt(), listed.toString());

    // back to the default: the next request passes again
    Api.Res cleared = patch(root, TENANTS + "/" + limited.tenantId(), rateLimit(null));
    assertEquals(200, cleared.status(), cleared.toString());
    assertTrue(cleared.json().path("rate_limit_per_minute").isNull(), cleared.toString());
    Api.Res after = limited.api().get("/api/v1/projects");
    assertEquals(200, after.status(), after.toString());
    assertEquals("100", after.header("X-RateLimit-Limit"));
  }

  @Test
  void updatingAWorkspaceIsValidated() {
    Session root = Accounts.superuser();
    Session owner = Accounts.newUser("adm-ten-upd");
    String path = TENANTS + "/" + owner.tenantId();

    Api.Res unknown = patch(root, TENANTS + "/" + UUID.randomUUID(), rateLimit(10));
    assertEquals(404, unknown.status(), unknown.toString());
    assertEquals("not_found", unknown.code());
    for (int bad : List.of(0, -5, 1_000_001)) {
      assertValidationError(patch(root, path, rateLimit(bad)), "rate_limit_per_minute");
    }
    // a value of the wrong JSON type is a field error (it was 400 malformed_json)
    Api.Res text = root.api().patch(path, "{\"rate_limit_per_minute\": \"lots\"}");
    assertValidationError(text, "rate_limit_per_minute");
    Api.Res malformed = root.api().patch(path, "{");
    assertEquals(400, malformed.status(), malformed.toString());
    assertEquals("malformed_json", malformed.code());

    Api.Res max = patch(root, path, rateLimit(1_000_000));
    assertEquals(200, max.status(), max.toString());
    assertEquals(1_000_000, max.json().path("rate_limit_per_minute").asInt());
    Api.Res ok = owner.api().get("/api/v1/projects");
    assertEquals(200, ok.status());
    assertEquals("1000000", ok.header("X-RateLimit-Limit"));
    assertEquals(200, patch(root, path, rateLimit(null)).status());
    assertEquals("100", owner.api().get("/api/v1/projects").header("X-RateLimit-Limit"));
  }
}
