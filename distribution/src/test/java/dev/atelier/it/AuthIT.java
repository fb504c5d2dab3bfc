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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class AuthIT {

  @Test
  void registerCreatesUserAndPersonalWorkspace() {
    Api anon = Api.anonymous();
    String email = Accounts.uniqueEmail("reg");
    Api.Res res =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", email.toUpperCase(), "password", Accounts.PASSWORD, "name", "Reg"));
    assertEquals(201, res.status(), res.toString());
    JsonNode body = res.json();
    assertEquals(email, body.path("user").path("email").asText());
    assertEquals("admin", body.path("tenant").path("role").asText());
    assertTrue(body.path("tenant").path("personal").asBoolean());
    assertFalse(body.toString().contains("password"));
  }

  @Test
  void registerRefusesDuplicatesAndBadInput() {
    Session s = Accounts.newUser("dup");
    Api anon = Api.anonymous();
    Api.Res dup =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", s.email(), "password", Accounts.PASSWORD, "name", "Again"));
    assertEquals(409, dup.status());
    assertEquals("email_taken", dup.code());

    Api.Res bad =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", "not-an-email", "password", "short", "name", ""));
    assertEquals(422, bad.status());
    assertEquals("validation_error", bad.code());
    assertEquals(3, bad.json().path("errors").size(), bad.toString());

    Api.Res common =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", Accounts.uniqueEmail("c"), "password", "Password123", "name", "C"));
    assertEquals(422, common.status());
    assertEquals("password", common.json().path("errors").get(0).path("field").asText());

    Api.Res tooLong =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", Accounts.uniqueEmail("l"), "password", "x".repeat(129), "name", "L"));
    assertEquals(422, tooLong.status());

    Api.Res sixtyFour =
        anon.post(
            "/api/v1/auth/register",
            Map.of("email", Accounts.uniqueEmail("l"), "password", "y7".repeat(32), "name", "L"));
    assertEquals(201, sixtyFour.status(), sixtyFour.toString());

    Api.Res malformed = anon.post("/api/v1/auth/register", "{\"email\":");
    assertEquals(400, malformed.status());
    assertEquals("malformed_json", malformed.code());
    assertEquals("application/problem+json", malformed.header("Content-Type"));

    Api.Res empty = anon.send("POST", "/api/v1/auth/register", null, null);
    assertTrue(empty.status() == 400 || empty.status() == 415, empty.toString());
  }

  @Test
  void loginWithJsonAndForm() {
    Session s = Accounts.newUser("login");
    assertEquals(900, 900);
    Api anon = Api.anonymous();
    Api.Res json =
        anon.post("/api/v1/auth/login", Map.of("email", s.email(), "password", Accounts.PASSWORD));
    assertEquals(200, json.status());
    assertEquals("bearer", json.json().path("token_type").asText());
    assertTrue(json.json().path("expires_in").asInt() <= 900);
    assertTrue(json.json().path("refresh_token").asText().startsWith("atr_"));

    Api.Res form =
        anon.send(
            "POST",
            "/api/v1/auth/login",
            "username=" + s.email().replace("@", "%40") + "&password=a+sturdy+passphrase+42",
            "application/x-www-form-urlencoded");
    assertEquals(200, form.status(), form.toString());
    assertNotNull(form.json().path("access_token").asText(null));
  }

  @Test
  void wrongPasswordAndUnknownAccountLookAlike() {
    Session s = Accounts.newUser("wrong");
    Api anon = Api.anonymous();
    Api.Res wrong =
        anon.post("/api/v1/auth/login", Map.of("email", s.email(), "password", "not the one"));
    Api.Res unknown =
        anon.post(
            "/api/v1/auth/login",
            Map.of("email", Accounts.uniqueEmail("ghost"), "password", "not the one"));
    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals(wrong.json().path("detail"), unknown.json().path("detail"));
    Api.Res missing = anon.post("/api/v1/auth/login", Map.of("email", s.email()));
    assertEquals(422, missing.status());
  }

  @Test
  void accountLocksAfterFiveFailuresEvenWithTheRightPassword() {
    Session s = Accounts.newUser("lock");
    Api anon = Api.anonymous();
    for (int i = 0; i < 5; i++) {
      assertEquals(
          401,
          anon.post("/api/v1/auth/login", Map.of("email", s.email(), "password", "wrong" + i))
              .status());
    }
    Api.Res locked =
        Api.anonymous()
            .post("/api/v1/auth/login", Map.of("email", s.email(), "password", Accounts.PASSWORD));
    assertEquals(429, locked.status(), locked.toString());
    assertEquals("rate_limited", locked.code());
    assertNotNull(locked.header("Retry-After"));
    assertNotNull(locked.header("RateLimit-Policy"));
    assertNotNull(locked.header("RateLimit"));
    assertNotNull(locked.header("X-RateLimit-Limit"));
  }

  @Test
  void thirtyAttemptsPerAddressThenLimited() {
    Api anon = Api.anonymous();
    String email = Accounts.uniqueEmail("ip");
    for (int i = 0; i < 30; i++) {
      Api.Res r =
          anon.post("/api/v1/auth/login", Map.of("email", i + email, "password", "whatever-" + i));
      assertEquals(401, r.status(), "attempt " + i + ": " + r);
    }
    Api.Res limited = anon.post("/api/v1/auth/login", Map.of("email", email, "password", "x"));
    assertEquals(429, limited.status());
    assertNotNull(limited.header("Retry-After"));
    // another address is not affected
    Session other = Accounts.newUser("ip-other");
    assertNotNull(other.accessToken());
  }

  @Test
  void refreshRotatesAndReuseEndsTheSession() {
    Session s = Accounts.newUser("refresh");
    Api anon = s.anonymous();
    Api.Res first = anon.post("/api/v1/auth/refresh", Map.of("refresh_token", s.refreshToken()));
    assertEquals(200, first.status(), first.toString());
    String rotated = first.json().path("refresh_token").asText();
    assertNotEquals(s.refreshToken(), rotated);
    String newAccess = first.json().path("access_token").asText();
    assertEquals(200, anon.withToken(newAccess).get("/api/v1/users/me").status());

    Api.Res reuse = anon.post("/api/v1/auth/refresh", Map.of("refresh_token", s.refreshToken()));
    assertEquals(401, reuse.status());
    assertEquals("refresh_token_reused", reuse.code());
    // the whole family is revoked: the rotated token and the access tokens stop working
    assertEquals(401, anon.post("/api/v1/auth/refresh", Map.of("refresh_token", rotated)).status());
    assertEquals(401, anon.withToken(newAccess).get("/api/v1/users/me").status());
    assertEquals(401, s.api().get("/api/v1/users/me").status());

    assertEquals(
        401, anon.post("/api/v1/auth/refresh", Map.of("refresh_token", "atr_nonsense")).status());
    assertEquals(422, anon.post("/api/v1/auth/refresh", Map.of()).status());
  }

  @Test
  void logoutEndsTheSessionAtOnce() {
    Session s = Accounts.newUser("logout");
    assertEquals(200, s.api().get("/api/v1/projects").status());
    assertEquals(204, s.api().post("/api/v1/auth/logout", Map.of()).status());
    Api.Res after = s.api().get("/api/v1/projects");
    assertEquals(401, after.status());
    assertEquals("unauthorized", after.code());
    assertEquals(
        401,
        s.anonymous()
            .post("/api/v1/auth/refresh", Map.of("refresh_token", s.refreshToken()))
            .status());
    assertEquals(401, Api.anonymous().post("/api/v1/auth/logout", Map.of()).status());
  }

  @Test
  void switchTenantOnlyToOwnWorkspaces() {
    Session alice = Accounts.newUser("alice");
    Session bob = Accounts.newUser("bob");
    Api.Res created = alice.api().post("/api/v1/tenants", Map.of("name", "Second"));
    assertEquals(201, created.status(), created.toString());
    String second = created.json().path("id").asText();

    Api.Res switched = alice.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", second));
    assertEquals(200, switched.status());
    assertEquals(second, switched.json().path("tenant_id").asText());
    Api a2 = alice.anonymous().withToken(switched.json().path("access_token").asText());
    assertEquals(second, a2.get("/api/v1/tenants/current").json().path("id").asText());

    Api.Res foreign = bob.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", second));
    assertEquals(404, foreign.status());
    assertEquals("not_found", foreign.code());
    assertEquals(422, bob.api().post("/api/v1/auth/switch-tenant", Map.of()).status());
  }

  @Test
  void tokensAreCheckedForSignatureAndShape() {
    Session s = Accounts.newUser("jwt");
    String[] parts = s.accessToken().split("\\.");
    String tampered =
        parts[0]
            + "."
            + parts[1]
            + "."
            + (parts[2].startsWith("A") ? "B" : "A")
            + parts[2].substring(1);
    assertEquals(401, s.anonymous().withToken(tampered).get("/api/v1/projects").status());
    assertEquals(401, s.anonymous().withToken("garbage").get("/api/v1/projects").status());
    // alg=none with the same claims
    String none =
        java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes())
            + "."
            + parts[1]
            + ".";
    assertEquals(401, s.anonymous().withToken(none).get("/api/v1/projects").status());
    Api.Res basic =
        Api.anonymous().withHeader("Authorization", "Basic Zm9vOmJhcg==").get("/api/v1/projects");
    assertEquals(401, basic.status());
    assertNotNull(basic.header("WWW-Authenticate"));
  }

  @Test
  void jwksPublishesTheSigningKey() {
    Session s = Accounts.newUser("jwks");
    Api.Res jwks = Api.anonymous().get("/api/v1/.well-known/jwks.json");
    assertEquals(200, jwks.status());
    JsonNode key = jwks.json().path("keys").get(0);
    assertEquals("EC", key.path("kty").asText());
    assertEquals("P-256", key.path("crv").asText());
    assertFalse(key.has("d"), "private part must never be published");
    String header =
        new String(java.util.Base64.getUrlDecoder().decode(s.accessToken().split("\\.")[0]));
    assertTrue(header.contains(key.path("kid").asText()), header);
    assertTrue(header.contains("ES256"));
  }
}
