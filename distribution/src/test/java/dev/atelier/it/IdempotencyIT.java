package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code Idempotency-Key} on creating POSTs: replay, reuse, per credential, under concurrency. */
@ExtendWith(AtelierServer.class)
class IdempotencyIT {

  private static final String PROJECTS = "/api/v1/projects";

  private static String key() {
    return UUID.randomUUID().toString();
  }

  private static String uniqueName(String hint) {
    return hint + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The projects of the session's workspace whose name is exactly {@code name}. */
  private static List<JsonNode> projectsNamed(Session s, String name) {
    Api.Res res = s.api().get(PROJECTS + "?limit=500&q=" + name.replace(" ", "%20"));
    assertEquals(200, res.status(), res.toString());
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode p : res.json().path("items")) {
      if (name.equals(p.path("name").asText())) {
        found.add(p);
      }
    }
    return found;
  }

  private static Api.Res create(Api api, String key, Object body) {
    return api.withHeader("Idempotency-Key", key).post(PROJECTS, body);
  }

  @Test
  void signInAndRefreshIgnoreTheKeySoReuseIsStillDetected() {
    Session s = Accounts.newUser("idem-session");
    Api anon = s.anonymous().withHeader("Idempotency-Key", key());
    Map<String, String> refresh = Map.of("refresh_token", s.refreshToken());
    Api.Res first = anon.post("/api/v1/auth/refresh", refresh);
    assertEquals(200, first.status(), first.toString());
    Api.Res second = anon.post("/api/v1/auth/refresh", refresh);
    assertEquals(401, second.status(), "a retried refresh is reuse, never a replay: " + second);
    assertEquals("refresh_token_reused", second.code());
    assertNull(second.header("Idempotent-Replayed"));

    Map<String, String> credentials = Map.of("email", s.email(), "password", Accounts.PASSWORD);
    Api.Res login1 = anon.post("/api/v1/auth/login", credentials);
    Api.Res login2 = anon.post("/api/v1/auth/login", credentials);
    assertEquals(200, login1.status());
    assertEquals(200, login2.status());
    assertNull(login2.header("Idempotent-Replayed"));
    assertNotEquals(
        login1.json().path("refresh_token").asText(), login2.json().path("refresh_token").asText());
  }

  @Test
  void aCreatedApiKeyIsReplayedToTheSameCredentialOnly() {
    Session s = Accounts.newUser("idem-key");
    Api api = s.api().withHeader("Idempotency-Key", key());
    Map<String, String> body = Map.of("name", "deploy key", "role", "viewer");
    Api.Res first = api.post("/api/v1/api-keys", body);
    assertEquals(201, first.status(), first.toString());
    Api.Res again = api.post("/api/v1/api-keys", body);
    assertEquals(201, again.status(), again.toString());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.json().path("key").asText(), again.json().path("key").asText());
    assertEquals(1, s.api().get("/api/v1/api-keys").json().path("total").asInt());
    assertEquals(
        200,
        Api.anonymous()
            .withApiKey(again.json().path("key").asText())
            .get("/api/v1/projects")
            .status());
  }

  @Test
  void retryWithTheSameKeyAndBodyReplaysTheOriginal() {
    Session s = Accounts.newUser("idem-replay");
    String key = key();
    String name = uniqueName("Replay");
    Map<String, String> body = Map.of("name", name, "description", "first of its name");

    Api.Res first = create(s.api(), key, body);
    assertEquals(201, first.status(), first.toString());
    assertNull(first.header("Idempotent-Replayed"), first.headers().toString());
    String id = first.json().path("id").asText();

    for (int i = 0; i < 3; i++) {
      Api.Res again = create(s.api(), key, body);
      assertEquals(201, again.status(), again.toString());
      assertEquals("true", again.header("Idempotent-Replayed"), again.headers().toString());
      assertEquals(first.json(), again.json(), "the original body, not a new project");
      assertTrue(
          again.header("Content-Type").startsWith("application/json"), again.headers().toString());
      assertEquals("100;w=60", again.header("RateLimit-Policy"), "replays are still counted");
    }
    List<JsonNode> projects = projectsNamed(s, name);
    assertEquals(1, projects.size(), projects.toString());
    assertEquals(id, projects.get(0).path("id").asText());

    // a fresh token of the same user in the same workspace is the same credential
    Session again = Accounts.login(Api.anonymous(), s.email(), Accounts.PASSWORD);
    assertNotEquals(s.accessToken(), again.accessToken());
    Api.Res afterLogin = create(again.api(), key, body);
    assertEquals(201, afterLogin.status(), afterLogin.toString());
    assertEquals("true", afterLogin.header("Idempotent-Replayed"));
    assertEquals(id, afterLogin.json().path("id").asText());
    assertEquals(1, projectsNamed(s, name).size());

    // without a key every POST creates
    Api.Res plain = s.api().post(PROJECTS, body);
    assertEquals(201, plain.status(), plain.toString());
    assertNull(plain.header("Idempotent-Replayed"));
    assertEquals(2, projectsNamed(s, name).size());
  }

  @Test
  void sameKeyWithAnotherBodyIs422() {
    Session s = Accounts.newUser("idem-reuse");
    String key = key();
    String name = uniqueName("Reuse");
    Api.Res first = create(s.api(), key, Map.of("name", name));
    assertEquals(201, first.status(), first.toString());

    String other = uniqueName("Other");
    JsonNode p =
        assertProblem(create(s.api(), key, Map.of("name", other)), 422, "idempotency_key_reused");
    assertEquals(PROJECTS, p.path("instance").asText());
    // the same key on another create is another request too
    assertProblem(
        s.api().withHeader("Idempotency-Key", key).post("/api/v1/tenants", Map.of("name", name)),
        422,
        "idempotency_key_reused");
    assertEquals(0, projectsNamed(s, other).size());
    assertEquals(1, projectsNamed(s, name).size());

    // the original is still replayed afterwards
    Api.Res replay = create(s.api(), key, Map.of("name", name));
    assertEquals(201, replay.status(), replay.toString());
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(first.json(), replay.json());
  }

  @Test
  void keysBelongToOneCredential() {
    Session alice = Accounts.newUser("idem-alice");
    Session bob = Accounts.newUser("idem-bob");
    String key = key();
    String name = uniqueName("Shared key");
    Map<String, String> body = Map.of("name", name);

    Api.Res forAlice = create(alice.api(), key, body);
    assertEquals(201, forAlice.status(), forAlice.toString());
    Api.Res forBob = create(bob.api(), key, body);
    assertEquals(201, forBob.status(), forBob.toString());
    assertNull(forBob.header("Idempotent-Replayed"), "Bob must not get Alice's response");
    assertNotEquals(forAlice.json().path("id"), forBob.json().path("id"));
    assertEquals(1, projectsNamed(alice, name).size());
    assertEquals(1, projectsNamed(bob, name).size());
    assertEquals(
        forBob.json().path("id").asText(), projectsNamed(bob, name).get(0).path("id").asText());

    // Bob with the same key and another body is fine: his key, his request
    Api.Res bobOther = create(bob.api(), key(), Map.of("name", name + " 2"));
    assertEquals(201, bobOther.status());

    // each replays their own
    Api.Res aliceAgain = create(alice.api(), key, body);
    assertEquals("true", aliceAgain.header("Idempotent-Replayed"));
    assertEquals(forAlice.json(), aliceAgain.json());
    Api.Res bobAgain = create(bob.api(), key, body);
    assertEquals("true", bobAgain.header("Idempotent-Replayed"));
    assertEquals(forBob.json(), bobAgain.json());

    // an API key is a credential of its own
    Api viaKey = alice.anonymous().withApiKey(Accounts.apiKey(alice, "operator"));
    Api.Res withApiKey = create(viaKey, key, body);
    assertEquals(201, withApiKey.status(), withApiKey.toString());
    assertNull(withApiKey.header("Idempotent-Replayed"));
    assertEquals(2, projectsNamed(alice, name).size());
  }

  @Test
  void aFailedRequestDoesNotUseUpItsKey() {
    Session s = Accounts.newUser("idem-fail");
    String key = key();
    String name = uniqueName("Fixed");

    String big = "{\"name\":\"" + name + "\",\"description\":\"" + "d".repeat(1 << 20) + "\"}";
    assertProblem(
        s.api()
            .withHeader("Idempotency-Key", key)
            .publish(
                "POST", PROJECTS, HttpRequest.BodyPublishers.ofString(big), "application/json"),
        413,
        "payload_too_large");
    assertProblem(create(s.api(), key, Map.of("name", "")), 422, "validation_error");
    assertProblem(create(s.api(), key, Map.of("name", "")), 422, "validation_error");
    assertProblem(create(s.api(), key, "{\"name\":"), 400, "malformed_json");

    Api.Res fixed = create(s.api(), key, Map.of("name", name));
    assertEquals(201, fixed.status(), fixed.toString());
    assertNull(fixed.header("Idempotent-Replayed"));
    Api.Res replay = create(s.api(), key, Map.of("name", name));
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(fixed.json(), replay.json());
    assertEquals(1, projectsNamed(s, name).size());

    // a conflict frees its key as well
    String slug = "taken-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, s.api().post(PROJECTS, Map.of("name", "Holder", "slug", slug)).status());
    String second = key();
    assertProblem(
        create(s.api(), second, Map.of("name", "Clash", "slug", slug)), 409, "slug_taken");
    Api.Res free = create(s.api(), second, Map.of("name", "Clash", "slug", slug + "-2"));
    assertEquals(201, free.status(), free.toString());
    assertNull(free.header("Idempotent-Replayed"));

    // a refusal for want of a role does not claim the key either
    Session owner = Accounts.newUser("idem-owner");
    Session viewer = Accounts.joinAs(owner, Accounts.newUser("idem-viewer"), "viewer");
    String third = key();
    String promoted = uniqueName("Promoted");
    assertProblem(create(viewer.api(), third, Map.of("name", promoted)), 403, "forbidden");
    Api.Res promote =
        owner
            .api()
            .patch(
                "/api/v1/tenants/current/members/" + viewer.userId(), Map.of("role", "operator"));
    assertEquals(200, promote.status(), promote.toString());
    Api.Res retried = create(viewer.api(), third, Map.of("name", promoted));
    assertEquals(201, retried.status(), retried.toString());
    assertNull(retried.header("Idempotent-Replayed"));
    assertEquals(1, projectsNamed(owner, promoted).size());
  }

  @Test
  void invalidKeysAre400() {
    Session s = Accounts.newUser("idem-invalid");
    String name = uniqueName("Invalid key");
    Map<String, String> body = Map.of("name", name);
    for (String bad : List.of("", "k".repeat(256), "has space")) {
      assertProblem(create(s.api(), bad, body), 400, "invalid_idempotency_key");
    }
    assertEquals(0, projectsNamed(s, name).size(), "an invalid key must not let the request run");

    String longest = "k".repeat(254) + "!";
    assertEquals(255, longest.length());
    Api.Res ok = create(s.api(), longest, body);
    assertEquals(201, ok.status(), ok.toString());
    Api.Res replay = create(s.api(), longest, body);
    assertEquals("true", replay.header("Idempotent-Replayed"));
    assertEquals(1, projectsNamed(s, name).size());
  }

  @Test
  void anonymousCreatesAreIdempotentToo() {
    Api anon = Api.anonymous();
    String key = key();
    Map<String, String> body =
        Map.of(
            "email", Accounts.uniqueEmail("idem-reg"), "password", Accounts.PASSWORD, "name", "R");
    Api.Res first = anon.withHeader("Idempotency-Key", key).post("/api/v1/auth/register", body);
    assertEquals(201, first.status(), first.toString());
    Api.Res again = anon.withHeader("Idempotency-Key", key).post("/api/v1/auth/register", body);
    assertEquals(201, again.status(), "a retry must not turn into email_taken: " + again);
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.json(), again.json());
    // without the key the duplicate is refused as usual
    assertProblem(anon.post("/api/v1/auth/register", body), 409, "email_taken");
  }

  @Test
  void concurrentRetriesCreateExactlyOnce() throws Exception {
    Session s = Accounts.newUser("idem-race");
    int parallel = 8;
    for (int round = 0; round < 3; round++) {
      String key = key();
      String name = uniqueName("Race");
      Map<String, String> body = Map.of("name", name, "description", "round " + round);
      ExecutorService pool = Executors.newFixedThreadPool(parallel);
      List<Api.Res> responses = new ArrayList<>();
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Api.Res>> futures = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    go.await();
                    return create(s.api(), key, body);
                  }));
        }
        go.countDown();
        for (Future<Api.Res> f : futures) {
          responses.add(f.get(60, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }

      int originals = 0;
      Set<String> ids = new HashSet<>();
      for (Api.Res res : responses) {
        if (res.status() == 201) {
          ids.add(res.json().path("id").asText());
          if (!"true".equals(res.header("Idempotent-Replayed"))) {
            originals++;
          }
        } else {
          assertProblem(res, 409, "idempotency_in_flight");
        }
      }
      assertEquals(1, originals, "exactly one request ran: " + responses);
      assertEquals(1, ids.size(), "every 201 is the same project: " + responses);
      List<JsonNode> created = projectsNamed(s, name);
      assertEquals(1, created.size(), created.toString());
      assertEquals(ids.iterator().next(), created.get(0).path("id").asText());

      // once settled, a retry is a replay
      Api.Res later = create(s.api(), key, body);
      assertEquals(201, later.status(), later.toString());
      assertEquals("true", later.header("Idempotent-Replayed"));
      assertEquals(ids.iterator().next(), later.json().path("id").asText());
    }
  }
}
