package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertNoLeak;
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
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cross-cutting rules of the API: problem documents, status codes, body limits, rate limits.
 */
@ExtendWith(AtelierServer.class)
class ConventionsIT {

  static final int MAX_BODY = 1_048_576;

  private static String uniqueName(String hint) {
    return hint + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  private static long projectCount(Session s) {
    Api.Res list = s.api().get("/api/v1/projects?limit=1");
    assertEquals(200, list.status(), list.toString());
    return list.json().path("total").asLong();
  }

  /**
   * A client that accepts {@code application/problem+json} (alone, or first) is answered JSON on
   * success, not 406, and problem+json on failure.
   */
  @Test
  void acceptingProblemJsonIsNotRefusedOnSuccess() {
    Session s = Accounts.newUser("conv-accept");
    for (String accept :
        List.of(
            "application/problem+json",
            "application/problem+json, application/json",
            "application/problem+json;q=1.0, text/plain;q=0.1")) {
      Api.Res ok = s.api().get("/api/v1/projects", accept, false);
      assertEquals(200, ok.status(), accept + ": " + ok);
      assertTrue(ok.header("Content-Type").startsWith("application/json"), ok.headers().toString());
      assertTrue(ok.json().has("items"), ok.toString());

      JsonNode invalid =
          assertProblem(
              s.api().get("/api/v1/projects?limit=0", accept, false), 422, "validation_error");
      assertFalse(invalid.path("errors").isEmpty(), invalid.toString());
      assertProblem(Api.anonymous().get("/api/v1/projects", accept, false), 401, "unauthorized");
    }
  }

  @Test
  void unknownRoutesAreProblemNotFound() {
    Session s = Accounts.newUser("conv-404");
    for (String path :
        List.of(
            "/api/v1/no-such-route",
            "/api/v1/projects/" + UUID.randomUUID() + "/no-such-thing",
            "/api/v1",
            "/api/v2/projects")) {
      JsonNode anonymous = assertProblem(Api.anonymous().get(path), 404, "not_found");
      assertEquals(path, anonymous.path("instance").asText());
      assertTrue(anonymous.path("type").asText().startsWith("http"), anonymous.toString());
      assertProblem(s.api().get(path), 404, "not_found");
    }
    // a well-formed route to a resource that does not exist
    JsonNode missing =
        assertProblem(s.api().get("/api/v1/projects/" + UUID.randomUUID()), 404, "not_found");
    assertTrue(missing.path("errors").isMissingNode() || missing.path("errors").isEmpty());
    assertProblem(s.api().delete("/api/v1/projects/no-such-slug"), 404, "not_found");
  }

  @Test
  void optionsNeedsNoCredentialAndListsTheMethods() {
    Api.Res options = Api.anonymous().send("OPTIONS", "/api/v1/config", null, null);
    assertEquals(200, options.status(), options.toString());
    assertTrue(options.header("Allow").contains("GET"), options.headers().toString());
    Api.Res protectedOptions = Api.anonymous().send("OPTIONS", "/api/v1/projects", null, null);
    assertEquals(200, protectedOptions.status(), protectedOptions.toString());
    assertTrue(protectedOptions.header("Allow").contains("POST"));
  }

  @Test
  void wrongMethodIs405() {
    Session s = Accounts.newUser("conv-405");
    Api.Res onPublic = Api.anonymous().delete("/api/v1/config");
    assertProblem(onPublic, 405, "method_not_allowed");
    String allow = onPublic.header("Allow");
    assertNotNull(allow, "a 405 must say which methods are allowed: " + onPublic.headers());
    assertTrue(allow.contains("GET"), allow);
    assertFalse(allow.contains("DELETE"), allow);

    Api.Res put = s.api().put("/api/v1/projects", Map.of("name", "x"));
    assertProblem(put, 405, "method_not_allowed");
    assertNotNull(put.header("Allow"), put.headers().toString());
    assertTrue(put.header("Allow").contains("POST"), put.header("Allow"));
    assertProblem(s.api().post("/api/v1/users/me", Map.of()), 405, "method_not_allowed");
    assertProblem(
        s.api().send("PATCH", "/api/v1/auth/login", "{}", "application/json"),
        405,
        "method_not_allowed");
  }

  @Test
  void wrongContentTypeIs415() {
    Session s = Accounts.newUser("conv-415");
    long before = projectCount(s);
    String name = uniqueName("plain");
    Api.Res plain =
        s.api().send("POST", "/api/v1/projects", "{\"name\":\"" + name + "\"}", "text/plain");
    assertProblem(plain, 415, "unsupported_media_type");
    Api.Res xml =
        s.api().send("POST", "/api/v1/projects", "<project><name>x</name></project>", "text/xml");
    assertProblem(xml, 415, "unsupported_media_type");
    assertProblem(
        s.api().send("PATCH", "/api/v1/users/me", "{\"name\":\"Y\"}", "text/plain"),
        415,
        "unsupported_media_type");
    Api.Res register =
        Api.anonymous()
            .send(
                "POST",
                "/api/v1/auth/register",
                "{\"email\":\"" + Accounts.uniqueEmail("plain") + "\"}",
                "text/plain");
    assertProblem(register, 415, "unsupported_media_type");
    assertEquals(before, projectCount(s));
    // application/json with a charset parameter is still JSON
    Api.Res charset =
        s.api()
            .send(
                "POST",
                "/api/v1/projects",
                "{\"name\":\"" + name + "\"}",
                "application/json; charset=utf-8");
    assertEquals(201, charset.status(), charset.toString());
  }

  @Test
  void unacceptableRepresentationIs406() {
    Session s = Accounts.newUser("conv-406");
    assertProblem(s.api().get("/api/v1/projects", "application/xml", false), 406, "not_acceptable");
    assertProblem(Api.anonymous().get("/api/v1/config", "text/html", false), 406, "not_acceptable");
    // errors are problems whatever the client asked for
    assertProblem(
        s.api().get("/api/v1/projects/" + UUID.randomUUID(), "application/json", false),
        404,
        "not_found");
    assertEquals(200, s.api().get("/api/v1/projects", "*/*", false).status());
  }

  @Test
  void malformedJsonIs400() {
    Session s = Accounts.newUser("conv-400");
    long before = projectCount(s);
    for (String body :
        List.of(
            "{\"name\":",
            "{name: 'single quotes'}",
            "not json at all",
            "{\"name\":\"x\"}}",
            "{\"name\":\"a\"} {\"name\":\"b\"}",
            "[1,2]")) {
      Api.Res res = s.api().post("/api/v1/projects", body);
      JsonNode p = assertProblem(res, 400, "malformed_json");
      assertEquals("/api/v1/projects", p.path("instance").asText());
    }
    assertProblem(
        Api.anonymous().post("/api/v1/auth/register", "{\"email\": \"a@b.c\", \"password\""),
        400,
        "malformed_json");
    assertProblem(s.api().patch("/api/v1/users/me", "{\"name\""), 400, "malformed_json");
    assertEquals(before, projectCount(s), "nothing may be created from a malformed body");
  }

  @Test
  void validationErrorsListTheirFields() {
    Session s = Accounts.newUser("conv-422");
    JsonNode p =
        assertProblem(
            s.api()
                .post(
                    "/api/v1/projects",
                    Map.of("name", "", "slug", "Not A Slug!", "description", "d")),
            422,
            "validation_error");
    JsonNode errors = p.path("errors");
    assertTrue(errors.isArray(), p.toString());
    Set<String> fields = new HashSet<>();
    for (JsonNode e : errors) {
      assertTrue(e.path("field").isTextual(), e.toString());
      assertTrue(e.path("message").isTextual(), e.toString());
      assertFalse(e.path("message").asText().isBlank(), e.toString());
      fields.add(e.path("field").asText());
    }
    assertEquals(Set.of("name", "slug"), fields, p.toString());

    JsonNode tooLong =
        assertProblem(
            s.api().post("/api/v1/projects", Map.of("name", "n".repeat(201))),
            422,
            "validation_error");
    assertEquals("name", tooLong.path("errors").get(0).path("field").asText());

    JsonNode paging =
        assertProblem(s.api().get("/api/v1/projects?limit=0&offset=-1"), 422, "validation_error");
    assertFalse(paging.path("errors").isEmpty(), paging.toString());
    assertProblem(s.api().get("/api/v1/projects?limit=501"), 422, "validation_error");
    assertProblem(s.api().get("/api/v1/projects?limit=abc"), 422, "validation_error");
    assertProblem(s.api().get("/api/v1/projects?offset=1e3"), 422, "validation_error");
    assertEquals(200, s.api().get("/api/v1/projects?limit=500&offset=0").status());
    assertEquals(200, s.api().get("/api/v1/projects?limit=1").status());
  }

  @Test
  void authErrorsAreProblems() {
    Session owner = Accounts.newUser("conv-auth-owner");
    Session viewer = Accounts.joinAs(owner, Accounts.newUser("conv-auth-viewer"), "viewer");
    Api.Res none = Api.anonymous().get("/api/v1/projects");
    assertProblem(none, 401, "unauthorized");
    assertNotNull(none.header("WWW-Authenticate"));
    assertProblem(
        Api.anonymous().withToken("not-a-token").get("/api/v1/projects"), 401, "unauthorized");
    assertProblem(
        Api.anonymous().withApiKey("atl_live_nope_nope").get("/api/v1/projects"),
        401,
        "unauthorized");
    assertProblem(viewer.api().post("/api/v1/projects", Map.of("name", "nope")), 403, "forbidden");
    assertProblem(owner.api().get("/api/v1/admin/users"), 403, "forbidden");
  }

  @Test
  void nothingOfTheInternalsLeaks() {
    Session s = Accounts.newUser("conv-leak");
    List<Api.Res> responses = new ArrayList<>();
    responses.add(s.api().get("/api/v1/projects?q=%27%3B%20DROP%20TABLE%20projects%3B--"));
    responses.add(s.api().get("/api/v1/projects?q=" + "%25".repeat(300)));
    responses.add(s.api().get("/api/v1/projects/" + "x".repeat(36)));
    responses.add(s.api().get("/api/v1/projects/" + "y".repeat(2000)));
    responses.add(s.api().get("/api/v1/projects/%27%20OR%201%3D1--"));
    responses.add(s.api().get("/api/v1/projects/..%2F..%2Fetc%2Fpasswd"));
    responses.add(s.api().get("/api/v1/projects?limit=99999999999999999999"));
    responses.add(s.api().post("/api/v1/projects", "{\"name\": 12, \"slug\": [1]}"));
    responses.add(s.api().post("/api/v1/projects", "{\"name\": {\"nested\": true}}"));
    responses.add(s.api().post("/api/v1/projects", "null"));
    responses.add(s.api().post("/api/v1/projects", "\"a string\""));
    responses.add(s.api().post("/api/v1/projects", "{\"name\": \"\u0000\"}"));
    responses.add(
        s.api()
            .post("/api/v1/projects", "{\"name\": \"x\", \"slug\": \"" + "a".repeat(65) + "\"}"));
    responses.add(s.api().patch("/api/v1/projects/" + UUID.randomUUID(), Map.of("name", "x")));
    responses.add(s.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", "' OR 1=1")));
    responses.add(s.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", 42)));
    responses.add(
        Api.anonymous().post("/api/v1/auth/login", Map.of("email", "x", "password", "y")));
    responses.add(
        Api.anonymous().withToken("eyJhbGciOiJFUzI1NiJ9.e30.AAAA").get("/api/v1/users/me"));
    responses.add(
        Api.anonymous().withApiKey("atl_live_" + "z".repeat(300)).get("/api/v1/users/me"));
    for (Api.Res res : responses) {
      assertTrue(res.status() < 500, "server error: " + res);
      assertNoLeak(res);
      if (res.status() >= 400) {
        assertProblem(res, res.status(), res.code());
      }
    }
  }

  @Test
  void bodiesOverOneMebibyteAre413() {
    Session s = Accounts.newUser("conv-413");
    long before = projectCount(s);
    String big = "{\"name\":\"big\",\"description\":\"" + "d".repeat(MAX_BODY) + "\"}";
    byte[] bytes = big.getBytes(StandardCharsets.UTF_8);

    // with a Content-Length
    Api.Res declared =
        s.api()
            .publish(
                "POST",
                "/api/v1/projects",
                HttpRequest.BodyPublishers.ofString(big),
                "application/json");
    assertProblem(declared, 413, "payload_too_large");

    // without one: chunked transfer encoding, counted while reading
    Api.Res chunked =
        s.api()
            .publish(
                "POST",
                "/api/v1/projects",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "application/json");
    assertProblem(chunked, 413, "payload_too_large");

    // on a public endpoint, before authentication, and for other methods
    assertProblem(
        Api.anonymous()
            .publish(
                "POST",
                "/api/v1/auth/register",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)),
                "application/json"),
        413,
        "payload_too_large");
    assertProblem(
        s.api()
            .publish(
                "PATCH",
                "/api/v1/users/me",
                HttpRequest.BodyPublishers.ofString(big),
                "application/json"),
        413,
        "payload_too_large");
    assertEquals(before, projectCount(s), "an oversized body must not create anything");

    // a body of exactly the limit is read and judged on its content
    String prefix = "{\"name\":\"at the limit\",\"description\":\"";
    String exact = prefix + "e".repeat(MAX_BODY - prefix.length() - 2) + "\"}";
    assertEquals(MAX_BODY, exact.getBytes(StandardCharsets.UTF_8).length);
    JsonNode p =
        assertProblem(
            s.api()
                .publish(
                    "POST",
                    "/api/v1/projects",
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(exact.getBytes(StandardCharsets.UTF_8))),
                    "application/json"),
            422,
            "validation_error");
    assertEquals("description", p.path("errors").get(0).path("field").asText());

    // and the server keeps serving on fresh connections
    assertEquals(200, s.api().get("/api/v1/projects").status());
  }

  private static void assertRateLimitHeaders(Api.Res res, int limit) {
    assertEquals(limit + ";w=60", res.header("RateLimit-Policy"), res.headers().toString());
    assertEquals(Integer.toString(limit), res.header("X-RateLimit-Limit"));
    long remaining = Long.parseLong(res.header("X-RateLimit-Remaining"));
    long reset = Long.parseLong(res.header("X-RateLimit-Reset"));
    assertTrue(remaining >= 0 && remaining <= limit, res.headers().toString());
    assertTrue(reset >= 1 && reset <= 60, res.headers().toString());
    assertEquals(
        "limit=" + limit + ", remaining=" + remaining + ", reset=" + reset,
        res.header("RateLimit"),
        res.headers().toString());
  }

  private static long remaining(Api.Res res) {
    return Long.parseLong(res.header("X-RateLimit-Remaining"));
  }

  private static long reset(Api.Res res) {
    return Long.parseLong(res.header("X-RateLimit-Reset"));
  }

  /**
   * The limits count in fixed one-minute windows; when fewer than {@code seconds} are left of the
   * window {@code res} was counted in, waits for the next one so that a burst fits in one window.
   */
  private static void awaitRoomInWindow(Api.Res res, long seconds) {
    long reset = reset(res);
    if (reset < seconds) {
      try {
        Thread.sleep((reset + 1) * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void authenticatedResponsesCarryRateLimitHeaders() {
    Session s = Accounts.newUser("conv-rl");
    for (int attempt = 0; ; attempt++) {
      Api.Res first = s.api().get("/api/v1/projects");
      Api.Res second = s.api().get("/api/v1/users/me");
      Api.Res third = s.api().post("/api/v1/projects", Map.of("name", ""));
      assertEquals(200, first.status());
      assertEquals(200, second.status());
      assertEquals(422, third.status());
      for (Api.Res r : List.of(first, second, third)) {
        assertRateLimitHeaders(r, 100);
      }
      if (reset(third) > reset(first) && attempt < 2) {
        continue; // a new window began between the requests
      }
      assertEquals(remaining(first) - 1, remaining(second));
      assertEquals(remaining(second) - 1, remaining(third));
      break;
    }
    // an API key is limited and labelled the same way
    Api key = s.anonymous().withApiKey(Accounts.apiKey(s, "viewer"));
    Api.Res viaKey = key.get("/api/v1/projects");
    assertEquals(200, viaKey.status());
    assertRateLimitHeaders(viaKey, 100);
  }

  @Test
  void aPrincipalIsLimitedTo100RequestsAMinute() {
    Session s = Accounts.newUser("conv-rl-user");
    Api.Res res = s.api().get("/api/v1/projects");
    assertEquals(200, res.status());
    awaitRoomInWindow(res, 20);
    res = s.api().get("/api/v1/projects");
    long previous = remaining(res);
    while (previous > 0) {
      res = s.api().get("/api/v1/projects");
      assertEquals(200, res.status(), res.toString());
      assertEquals(previous - 1, remaining(res), res.headers().toString());
      previous = remaining(res);
    }
    Api.Res limited = s.api().get("/api/v1/projects");
    JsonNode p = assertProblem(limited, 429, "rate_limited");
    assertRateLimitHeaders(limited, 100);
    assertEquals("0", limited.header("X-RateLimit-Remaining"));
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, limited.headers().toString());
    assertFalse(p.path("detail").asText().isBlank());
    // writes are limited too, and nothing is done
    assertEquals(429, s.api().post("/api/v1/projects", Map.of("name", "late")).status());
    // another user is not affected
    Session other = Accounts.newUser("conv-rl-other");
    assertEquals(200, other.api().get("/api/v1/projects").status());
  }

  @Test
  void anonymousEndpointsAreLimitedPerAddress() {
    int octet = ThreadLocalRandom.current().nextInt(1, 254);
    Api one = Api.anonymous().withAddress("198.51.100." + octet);
    Api.Res res = one.get("/api/v1/config");
    assertEquals(200, res.status());
    assertRateLimitHeaders(res, 100);
    if (reset(res) < 20) {
      awaitRoomInWindow(res, 20);
      one = Api.anonymous().withAddress("2001:db8::" + Integer.toHexString(octet));
      res = one.get("/api/v1/config");
      assertEquals(200, res.status());
    }
    assertEquals(99, remaining(res), "a fresh address starts with a full budget");
    for (int i = 2; i <= 100; i++) {
      res = one.get("/api/v1/config");
      assertEquals(200, res.status(), "request " + i + ": " + res);
      assertEquals(100 - i, remaining(res), "request " + i);
    }
    Api.Res limited = one.get("/api/v1/config");
    assertProblem(limited, 429, "rate_limited");
    assertNotNull(limited.header("Retry-After"), limited.headers().toString());
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertTrue(retryAfter >= 1 && retryAfter <= 60, limited.headers().toString());
    assertRateLimitHeaders(limited, 100);
    // other anonymous endpoints share the address's budget
    assertEquals(429, one.get("/api/v1/.well-known/jwks.json").status());

    Api another = Api.anonymous().withAddress("198.51.100." + (octet + 1));
    Api.Res fine = another.get("/api/v1/config");
    assertEquals(200, fine.status(), "another address has its own budget: " + fine);
    assertEquals(99, remaining(fine), fine.headers().toString());
    assertEquals(200, Api.anonymous().get("/api/v1/config").status());
  }
}
