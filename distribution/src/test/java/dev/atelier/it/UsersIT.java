package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
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
import dev.atelier.testkit.Concurrently;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class UsersIT {

  private static final String ME = "/api/v1/users/me";
  private static final String NEW_PASSWORD = "an entirely different passphrase 7";

  private static Map<String, Object> body(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static int login(String email, String password) {
    return Api.anonymous()
        .post("/api/v1/auth/login", Map.of("email", email, "password", password))
        .status();
  }

  // --- GET /users/me

  @Test
  void meShowsTheAccountAndTheCurrentWorkspace() {
    Session s = Accounts.newUser("me");
    Api.Res res = s.api().get(ME);
    assertEquals(200, res.status(), res.toString());
    JsonNode me = res.json();
    JsonNode user = me.path("user");
    assertEquals(s.userId(), user.path("id").asText());
    assertEquals(s.email(), user.path("email").asText());
    assertEquals("me", user.path("name").asText());
    assertFalse(user.path("superuser").asBoolean());
    assertFalse(user.path("disabled").asBoolean());
    assertNotNull(user.path("created_at").asText(null));
    assertNotNull(user.path("updated_at").asText(null));
    assertEquals(s.tenantId(), me.path("tenant_id").asText());
    assertEquals("admin", me.path("role").asText());
    assertFalse(res.text().contains("password"), res.text());
    assertFalse(res.text().contains("argon"), res.text());

    // in another workspace the same account shows that workspace and role
    Session owner = Accounts.newUser("me-owner");
    Session there = Accounts.joinAs(owner, s, "operator");
    JsonNode elsewhere = there.api().get(ME).json();
    assertEquals(s.userId(), elsewhere.path("user").path("id").asText());
    assertEquals(owner.tenantId(), elsewhere.path("tenant_id").asText());
    assertEquals("operator", elsewhere.path("role").asText());

    // through an API key: the key's workspace and its (capped) role
    String key = Accounts.apiKey(s, "viewer");
    JsonNode byKey = Api.anonymous().withApiKey(key).get(ME).json();
    assertEquals(s.userId(), byKey.path("user").path("id").asText());
    assertEquals(s.tenantId(), byKey.path("tenant_id").asText());
    assertEquals("viewer", byKey.path("role").asText());
  }

  @Test
  void meNeedsACredential() {
    Session s = Accounts.newUser("me-anon");
    Api anon = Api.anonymous();
    for (Api.Res res :
        List.of(
            anon.get(ME),
            anon.patch(ME, Map.of("name", "Hacker")),
            anon.withToken("garbage").get(ME),
            anon.withToken("garbage").patch(ME, Map.of("name", "Hacker")))) {
      assertProblem(res, 401, "unauthorized");
      assertNotNull(res.header("WWW-Authenticate"));
    }
    assertEquals("me-anon", s.api().get(ME).json().path("user").path("name").asText());
  }

  // --- PATCH /users/me: name

  @Test
  void changeName() {
    Session s = Accounts.newUser("name");
    JsonNode before = s.api().get(ME).json().path("user");
    Api.Res res = s.api().patch(ME, Map.of("name", "  Ada Lovelace  "));
    assertEquals(200, res.status(), res.toString());
    JsonNode user = res.json().path("user");
    assertEquals("Ada Lovelace", user.path("name").asText());
    assertEquals(s.email(), user.path("email").asText());
    assertEquals(before.path("created_at"), user.path("created_at"));
    assertNotEquals(before.path("updated_at"), user.path("updated_at"));
    assertEquals(s.tenantId(), res.json().path("tenant_id").asText());
    assertEquals("admin", res.json().path("role").asText());
    assertEquals("Ada Lovelace", s.api().get(ME).json().path("user").path("name").asText());

    // the name shows in the member lists of the user's workspaces
    JsonNode members = s.api().get("/api/v1/tenants/current/members").json();
    assertEquals("Ada Lovelace", members.path("items").get(0).path("name").asText());

    // no password is needed for the name, and a session keeps working
    assertEquals(200, s.api().get(ME).status());
    assertEquals(200, login(s.email(), Accounts.PASSWORD));

    // an API key may change the name
    String key = Accounts.apiKey(s, "viewer");
    Api.Res byKey = Api.anonymous().withApiKey(key).patch(ME, Map.of("name", "By Key"));
    assertEquals(200, byKey.status(), byKey.toString());
    assertEquals("By Key", byKey.json().path("user").path("name").asText());

    // an empty change changes nothing
    Api.Res nothing = s.api().patch(ME, Map.of());
    assertEquals(200, nothing.status(), nothing.toString());
    assertEquals("By Key", nothing.json().path("user").path("name").asText());
  }

  @Test
  void changeNameValidatesItsInput() {
    Session s = Accounts.newUser("name-bad");
    assertInvalid(s.api().patch(ME, Map.of("name", "")), "name");
    assertInvalid(s.api().patch(ME, Map.of("name", "   ")), "name");
    assertInvalid(s.api().patch(ME, Map.of("name", "n".repeat(201))), "name");
    assertInvalid(s.api().patch(ME, Map.of("name", "line\u0000break")), "name");
    assertProblem(s.api().patch(ME, "{\"name\": "), 400, "malformed_json");
    assertProblem(s.api().patch(ME, "not json at all"), 400, "malformed_json");
    Api.Res empty = s.api().send("PATCH", ME, null, null);
    assertTrue(empty.status() == 400 || empty.status() == 415, empty.toString());
    assertEquals("name-bad", s.api().get(ME).json().path("user").path("name").asText());
    assertEquals(200, s.api().patch(ME, Map.of("name", "m".repeat(200))).status());
  }

  // --- PATCH /users/me: e-mail

  @Test
  void changeEmailWithTheCurrentPassword() {
    Session s = Accounts.newUser("email");
    String fresh = Accounts.uniqueEmail("email-new");
    Api.Res res =
        s.api()
            .patch(
                ME,
                Map.of(
                    "email",
                    " " + fresh.toUpperCase() + " ",
                    "current_password",
                    Accounts.PASSWORD));
    assertEquals(200, res.status(), res.toString());
    assertEquals(fresh, res.json().path("user").path("email").asText());
    assertEquals(fresh, s.api().get(ME).json().path("user").path("email").asText());

    // sign-in works with the new address only
    assertEquals(200, login(fresh, Accounts.PASSWORD));
    assertEquals(401, login(s.email(), Accounts.PASSWORD));
    // the current session keeps working
    assertEquals(200, s.api().get(ME).status());
    // the old address is free for someone else
    Api.Res reg =
        Api.anonymous()
            .post(
                "/api/v1/auth/register",
                Map.of("email", s.email(), "password", Accounts.PASSWORD, "name", "Newcomer"));
    assertEquals(201, reg.status(), reg.toString());
    // keeping one's own address is not a conflict
    Api.Res same = s.api().patch(ME, Map.of("email", fresh, "current_password", Accounts.PASSWORD));
    assertEquals(200, same.status(), same.toString());
  }

  @Test
  void changeEmailNeedsTheRightCurrentPassword() {
    Session s = Accounts.newUser("email-pw");
    String fresh = Accounts.uniqueEmail("email-pw-new");
    assertInvalid(s.api().patch(ME, Map.of("email", fresh)), "current_password");
    assertInvalid(
        s.api().patch(ME, Map.of("email", fresh, "current_password", "")), "current_password");
    assertInvalid(
        s.api().patch(ME, Map.of("email", fresh, "current_password", "not my password")),
        "current_password");
    // a wrong password changes nothing, not even the name sent with it
    assertInvalid(
        s.api()
            .patch(ME, Map.of("email", fresh, "name", "Changed", "current_password", "wrong one")),
        "current_password");
    JsonNode user = s.api().get(ME).json().path("user");
    assertEquals(s.email(), user.path("email").asText());
    assertEquals("email-pw", user.path("name").asText());
    assertEquals(401, login(fresh, Accounts.PASSWORD));
  }

  @Test
  void changeEmailValidatesTheAddress() {
    Session s = Accounts.newUser("email-bad");
    for (String bad : List.of("not-an-email", "two@@example.test", "no-domain@", "a@b", "")) {
      assertInvalid(
          s.api().patch(ME, Map.of("email", bad, "current_password", Accounts.PASSWORD)), "email");
    }
    assertInvalid(
        s.api()
            .patch(
                ME,
                Map.of(
                    "email",
                    "x".repeat(250) + "@example.test",
                    "current_password",
                    Accounts.PASSWORD)),
        "email");
    // every invalid field at once
    assertInvalid(
        s.api().patch(ME, Map.of("email", "nope", "name", "")),
        "email",
        "name",
        "current_password");
    assertEquals(s.email(), s.api().get(ME).json().path("user").path("email").asText());
  }

  @Test
  void changeEmailToATakenAddressIsAConflict() {
    Session s = Accounts.newUser("email-taken");
    Session other = Accounts.newUser("email-owner");
    Api.Res taken =
        s.api().patch(ME, Map.of("email", other.email(), "current_password", Accounts.PASSWORD));
    assertProblem(taken, 409, "email_taken");
    Api.Res takenUpper =
        s.api()
            .patch(
                ME,
                Map.of(
                    "email", other.email().toUpperCase(), "current_password", Accounts.PASSWORD));
    assertProblem(takenUpper, 409, "email_taken");
    assertEquals(s.email(), s.api().get(ME).json().path("user").path("email").asText());
    assertEquals(200, login(other.email(), Accounts.PASSWORD));
    assertEquals(200, login(s.email(), Accounts.PASSWORD));
  }

  @Test
  void concurrentChangesToOneAddressLetOneWin() throws Exception {
    for (int round = 0; round < 3; round++) {
      String wanted = Accounts.uniqueEmail("race-mail");
      Map<String, Object> change = Map.of("email", wanted, "current_password", Accounts.PASSWORD);
      List<Callable<Api.Res>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Session contender = Accounts.newUser("race-mail-" + i);
        calls.add(() -> contender.api().patch(ME, change));
      }
      List<Api.Res> res = Concurrently.run(calls);
      assertEquals(1, res.stream().filter(r -> r.status() == 200).count(), res.toString());
      for (Api.Res r : res) {
        if (r.status() != 200) {
          assertProblem(r, 409, "email_taken");
        }
      }
      assertEquals(200, login(wanted, Accounts.PASSWORD));
    }
  }

  // --- PATCH /users/me: password

  @Test
  void changePasswordNeedsTheRightCurrentPassword() {
    Session s = Accounts.newUser("pw-current");
    assertInvalid(s.api().patch(ME, Map.of("password", NEW_PASSWORD)), "current_password");
    assertInvalid(
        s.api().patch(ME, body("password", NEW_PASSWORD, "current_password", null)),
        "current_password");
    Api.Res wrong =
        s.api().patch(ME, Map.of("password", NEW_PASSWORD, "current_password", "not my password"));
    assertInvalid(wrong, "current_password");
    // the new password as the "current" one does not work either
    assertInvalid(
        s.api().patch(ME, Map.of("password", NEW_PASSWORD, "current_password", NEW_PASSWORD)),
        "current_password");

    // nothing changed: the old password still signs in, the new one does not, sessions live on
    assertEquals(200, s.api().get(ME).status());
    assertEquals(200, login(s.email(), Accounts.PASSWORD));
    assertEquals(401, login(s.email(), NEW_PASSWORD));
  }

  @Test
  void newPasswordMustFollowThePolicy() {
    Session s = Accounts.newUser("pw-policy");
    Session other = Accounts.login(Api.anonymous(), s.email(), Accounts.PASSWORD);
    for (String bad : List.of("short1", "1234567", "Password123", "QWERTYUIOP", "x".repeat(129))) {
      assertInvalid(
          s.api().patch(ME, Map.of("password", bad, "current_password", Accounts.PASSWORD)),
          "password");
    }
    assertInvalid(
        s.api().patch(ME, Map.of("password", s.email(), "current_password", Accounts.PASSWORD)),
        "password");
    assertInvalid(
        s.api().patch(ME, Map.of("password", "", "current_password", Accounts.PASSWORD)),
        "password");
    // both the policy and the missing current password are reported
    assertInvalid(s.api().patch(ME, Map.of("password", "short")), "password", "current_password");

    // nothing changed and no session ended
    assertEquals(200, s.api().get(ME).status());
    assertEquals(200, other.api().get(ME).status());
    assertEquals(200, login(s.email(), Accounts.PASSWORD));
  }

  @Test
  void passwordChangeEndsEveryOtherSession() {
    Session current = Accounts.newUser("pw-change");
    Session second = Accounts.login(Api.anonymous(), current.email(), Accounts.PASSWORD);
    // a session in another workspace
    Session owner = Accounts.newUser("pw-owner");
    Session elsewhere = Accounts.joinAs(owner, second, "viewer");
    // the current session's tokens, refreshed once (same session)
    Api.Res refreshed =
        current
            .anonymous()
            .post("/api/v1/auth/refresh", Map.of("refresh_token", current.refreshToken()));
    assertEquals(200, refreshed.status(), refreshed.toString());
    String currentRefresh = refreshed.json().path("refresh_token").asText();
    String currentAccess2 = refreshed.json().path("access_token").asText();
    assertEquals(200, second.api().get(ME).status());
    assertEquals(200, elsewhere.api().get(ME).status());

    Api.Res changed =
        current
            .api()
            .patch(ME, Map.of("password", NEW_PASSWORD, "current_password", Accounts.PASSWORD));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(current.userId(), changed.json().path("user").path("id").asText());
    assertFalse(changed.text().contains(NEW_PASSWORD));

    // the other sessions end at once: access tokens and refresh tokens
    assertProblem(second.api().get(ME), 401, "unauthorized");
    assertProblem(elsewhere.api().get(ME), 401, "unauthorized");
    assertProblem(elsewhere.api().get("/api/v1/tenants/current"), 401, "unauthorized");
    assertEquals(
        401,
        second
            .anonymous()
            .post("/api/v1/auth/refresh", Map.of("refresh_token", second.refreshToken()))
            .status());
    assertEquals(
        401,
        elsewhere
            .anonymous()
            .post("/api/v1/auth/refresh", Map.of("refresh_token", elsewhere.refreshToken()))
            .status());

    // the current session goes on, with its access and refresh tokens
    assertEquals(200, current.api().get(ME).status());
    assertEquals(200, current.anonymous().withToken(currentAccess2).get(ME).status());
    Api.Res again =
        current.anonymous().post("/api/v1/auth/refresh", Map.of("refresh_token", currentRefresh));
    assertEquals(200, again.status(), again.toString());
    assertEquals(
        200,
        current.anonymous().withToken(again.json().path("access_token").asText()).get(ME).status());

    // only the new password signs in
    assertEquals(401, login(current.email(), Accounts.PASSWORD));
    Session fresh = Accounts.login(Api.anonymous(), current.email(), NEW_PASSWORD);
    assertEquals(200, fresh.api().get(ME).status());
    // and the old password no longer counts as the current one
    assertInvalid(
        current
            .api()
            .patch(
                ME,
                Map.of(
                    "password", "yet another passphrase 9", "current_password", Accounts.PASSWORD)),
        "current_password");
  }

  @Test
  void changeEmailAndPasswordTogether() {
    Session s = Accounts.newUser("both");
    Session other = Accounts.login(Api.anonymous(), s.email(), Accounts.PASSWORD);
    String fresh = Accounts.uniqueEmail("both-new");
    // the new password may not be the new address
    assertInvalid(
        s.api()
            .patch(
                ME,
                Map.of("email", fresh, "password", fresh, "current_password", Accounts.PASSWORD)),
        "password");
    Api.Res res =
        s.api()
            .patch(
                ME,
                Map.of(
                    "email",
                    fresh,
                    "password",
                    NEW_PASSWORD,
                    "current_password",
                    Accounts.PASSWORD));
    assertEquals(200, res.status(), res.toString());
    assertEquals(fresh, res.json().path("user").path("email").asText());
    assertEquals(401, other.api().get(ME).status());
    assertEquals(200, s.api().get(ME).status());
    assertEquals(401, login(s.email(), NEW_PASSWORD));
    assertEquals(401, login(fresh, Accounts.PASSWORD));
    assertEquals(200, login(fresh, NEW_PASSWORD));
  }

  @Test
  void apiKeysCannotChangeEmailOrPassword() {
    Session s = Accounts.newUser("pw-key");
    Api key = Api.anonymous().withApiKey(Accounts.apiKey(s, "admin"));
    assertProblem(
        key.patch(ME, Map.of("password", NEW_PASSWORD, "current_password", Accounts.PASSWORD)),
        403,
        "forbidden");
    assertProblem(
        key.patch(
            ME,
            Map.of(
                "email",
                Accounts.uniqueEmail("pw-key-new"),
                "current_password",
                Accounts.PASSWORD)),
        403,
        "forbidden");
    assertEquals(200, login(s.email(), Accounts.PASSWORD));
    assertEquals(401, login(s.email(), NEW_PASSWORD));
    assertEquals(s.email(), s.api().get(ME).json().path("user").path("email").asText());
    assertEquals(200, s.api().get(ME).status());
  }
}
