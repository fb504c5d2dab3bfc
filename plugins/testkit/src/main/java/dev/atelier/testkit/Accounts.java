package dev.atelier.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;

/**
 * Test fixtures: fresh users, each signed in and acting in a personal workspace (tenant) of their
 * own, of which they are the admin.
 *
 * <p>Tests never share users: each calls {@link #newUser(String)} for the people it needs. Two
 * users from {@code newUser} are in two unrelated tenants, so the second is <em>the other
 * tenant</em> of a tenant-isolation test: what one creates, the other must not see (404). To have
 * several people in one tenant, {@link #joinAs(Session, Session, String) join} one to the other's
 * workspace with a role (an invitation, accepted).
 */
public final class Accounts {

  /** The password of every user made by {@link #newUser(String)}. */
  public static final String PASSWORD = "a sturdy passphrase 42";

  private Accounts() {}

  /**
   * A signed-in user: a client with the user's access token, and the facts about them.
   *
   * @param api a client sending the user's access token
   * @param anonymous the same client (same address) without a credential
   * @param userId the user's id
   * @param email the user's e-mail address
   * @param tenantId the tenant the access token acts in
   * @param accessToken the access token
   * @param refreshToken the refresh token
   */
  public record Session(
      Api api,
      Api anonymous,
      String userId,
      String email,
      String tenantId,
      String accessToken,
      String refreshToken) {}

  /** An e-mail address no other test uses, starting with {@code hint}. */
  public static String uniqueEmail(String hint) {
    return hint + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  /**
   * Registers a new user and signs them in, landing in their new personal workspace as its admin.
   * Each call gives a new, unrelated tenant: call it twice for <em>the other tenant</em> of an
   * isolation test.
   *
   * @param hint a word for the e-mail address and the name, to recognise the user in logs
   */
  public static Session newUser(String hint) {
    return newUser(Api.anonymous(), hint);
  }

  /**
   * Like {@link #newUser(String)}, registering through {@code anon}: on the server it points at
   * (see {@link Api#at(String)}) and from its address.
   */
  public static Session newUser(Api anon, String hint) {
    String email = uniqueEmail(hint);
    Api.Res reg =
        anon.post(
            "/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", hint));
    assertEquals(201, reg.status(), reg.toString());
    return login(anon, email, PASSWORD);
  }

  /** Signs {@code email} in through {@code anon}; fails the test unless it answers 200. */
  public static Session login(Api anon, String email, String password) {
    Api.Res res = anon.post("/api/v1/auth/login", Map.of("email", email, "password", password));
    assertEquals(200, res.status(), res.toString());
    return session(anon, email, res.json());
  }

  /** The session for {@code tokens}, the body of a login, refresh or tenant switch. */
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

  /**
   * The platform superuser created at start-up ({@link AtelierServer#ADMIN_EMAIL}), signed in
   * afresh; it may call {@code /api/v1/admin/*}.
   */
  public static Session superuser() {
    return login(Api.anonymous(), AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
  }

  /**
   * Invites {@code member} to {@code admin}'s current workspace with {@code role} ({@code viewer},
   * {@code operator} or {@code admin}), has the member accept, then switches the member to it.
   *
   * @return the member's session in {@code admin}'s workspace
   */
  public static Session joinAs(Session admin, Session member, String role) {
    Api.Res invited =
        admin
            .api()
            .post(
                "/api/v1/tenants/current/invitations",
                Map.of("email", member.email(), "role", role));
    assertEquals(201, invited.status(), invited.toString());
    Api.Res accepted =
        member
            .api()
            .post(
                "/api/v1/invitations/" + invited.json().path("token").asText() + "/accept",
                Map.of());
    assertEquals(200, accepted.status(), accepted.toString());
    Api.Res switched =
        member.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", admin.tenantId()));
    assertEquals(200, switched.status(), switched.toString());
    return session(member.anonymous(), member.email(), switched.json());
  }

  /**
   * Creates an API key with {@code role} in the session's workspace and returns the full key, for
   * {@link Api#withApiKey(String)}.
   */
  public static String apiKey(Session s, String role) {
    Api.Res res = s.api().post("/api/v1/api-keys", Map.of("name", "test key", "role", role));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("key").asText();
  }
}
