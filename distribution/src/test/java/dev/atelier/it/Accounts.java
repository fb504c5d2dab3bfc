package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/** Test fixtures: fresh users, each with a personal workspace, signed in. */
public final class Accounts {

  public static final String PASSWORD = "a sturdy passphrase 42";

  private Accounts() {}

  /** A signed-in user: a client with the user's access token, and the facts about them. */
  public record Session(
      Api api,
      Api anonymous,
      String userId,
      String email,
      String tenantId,
      String accessToken,
      String refreshToken) {}

  public static String uniqueEmail(String hint) {
    return hint + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  /** Registers a new user and signs them in (landing in their personal workspace). */
  public static Session newUser(String hint) {
    Api anon = Api.anonymous();
    String email = uniqueEmail(hint);
    Api.Res reg =
        anon.post(
            "/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", hint));
    assertEquals(201, reg.status(), reg.toString());
    return login(anon, email, PASSWORD);
  }

  public static Session login(Api anon, String email, String password) {
    Api.Res res = anon.post("/api/v1/auth/login", Map.of("email", email, "password", password));
    assertEquals(200, res.status(), res.toString());
    return session(anon, email, res.json());
  }

  public static Session session(Api anon, String email, JsonNode tokens) {
    String access = tokens.path("access_token").asText();
    Api api = anon.withToken(access);
    JsonNode me = api.get("/api/v1/users/me").json();
    return new Session(
        api,
        anon,
        me.path("user").path("id").asText(),
        email,
        tokens.path("tenant_id").asText(),
        access,
        tokens.path("refresh_token").asText());
  }

  /** The platform superuser created at start-up. */
  public static Session superuser() {
    return login(Api.anonymous(), AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
  }

  /** Adds {@code member} to {@code admin}'s current workspace with {@code role}, then switches. */
  public static Session joinAs(Session admin, Session member, String role) {
    Api.Res added =
        admin
            .api()
            .post("/api/v1/tenants/current/members", Map.of("email", member.email(), "role", role));
    assertEquals(201, added.status(), added.toString());
    Api.Res switched =
        member.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", admin.tenantId()));
    assertEquals(200, switched.status(), switched.toString());
    return session(member.anonymous(), member.email(), switched.json());
  }

  /** Creates an API key in the session's workspace and returns the full key. */
  public static String apiKey(Session s, String role) {
    Api.Res res = s.api().post("/api/v1/api-keys", Map.of("name", "test key", "role", role));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("key").asText();
  }
}
