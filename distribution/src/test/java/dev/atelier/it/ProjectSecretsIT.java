package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class ProjectSecretsIT {

  private static final String PROJECTS = "/api/v1/projects";

  private static String project(Session s, String slug) {
    Api.Res res = s.api().post(PROJECTS, Map.of("name", "Secrets " + slug, "slug", slug));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  private static String secretsOf(String project) {
    return PROJECTS + "/" + project + "/secrets";
  }

  private static String secret(String project, String key) {
    return secretsOf(project) + "/" + key;
  }

  /** The listed secrets: a page of {@code items} whose {@code total} counts them all. */
  private static JsonNode listed(Api.Res res) {
    assertEquals(200, res.status(), res.toString());
    JsonNode body = res.json();
    assertTrue(body.path("items").isArray(), res.toString());
    assertEquals(body.path("items").size(), body.path("total").asInt(), res.toString());
    return body.path("items");
  }

  private static List<String> names(Api.Res res) {
    List<String> out = new ArrayList<>();
    listed(res).forEach(s -> out.add(s.path("name").asText()));
    return out;
  }

  private static void assertValidation(Api.Res res, String field) {
    assertProblem(res, 422, "validation_error");
    List<String> fields = new ArrayList<>();
    res.json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
    assertTrue(fields.contains(field), "expected an error on " + field + ": " + res);
  }

  @Test
  void putCreatesThenReplacesAndListShowsNamesOnly() throws Exception {
    Session s = Accounts.newUser("sec-put");
    String id = project(s, "vault");
    String value = "s3cr3t-" + UUID.randomUUID();
    String replaced = "r3pl4ced-" + UUID.randomUUID();
    List<Api.Res> seen = new ArrayList<>();

    Api.Res empty = s.api().get(secretsOf(id));
    seen.add(empty);
    assertEquals(0, listed(empty).size(), empty.toString());

    Api.Res created = s.api().put(secret(id, "DATABASE_URL"), Map.of("value", value));
    seen.add(created);
    assertEquals(201, created.status(), created.toString());

    Api.Res list = s.api().get(secretsOf(id));
    seen.add(list);
    JsonNode items = listed(list);
    assertEquals(1, items.size(), list.toString());
    JsonNode item = items.get(0);
    assertEquals("DATABASE_URL", item.path("name").asText());
    Instant createdAt = Instant.parse(item.path("created_at").asText());
    assertEquals(createdAt, Instant.parse(item.path("updated_at").asText()));
    List<String> fieldNames = new ArrayList<>();
    item.fieldNames().forEachRemaining(fieldNames::add);
    assertEquals(
        List.of("created_at", "name", "updated_at"), fieldNames.stream().sorted().toList());

    Thread.sleep(5);
    Api.Res replace = s.api().put(secret(id, "DATABASE_URL"), Map.of("value", replaced));
    seen.add(replace);
    assertEquals(204, replace.status(), replace.toString());
    assertTrue(replace.text().isEmpty(), replace.text());

    Api.Res afterReplace = s.api().get(secretsOf("vault"));
    seen.add(afterReplace);
    JsonNode again = listed(afterReplace);
    assertEquals(1, again.size(), "replacing does not add a second secret: " + afterReplace);
    assertEquals(createdAt, Instant.parse(again.get(0).path("created_at").asText()));
    assertTrue(
        Instant.parse(again.get(0).path("updated_at").asText()).isAfter(createdAt),
        afterReplace.toString());

    // several secrets, each listed once, by id and by slug alike
    Api.Res other = s.api().put(secret("vault", "_private_2"), Map.of("value", value));
    seen.add(other);
    assertEquals(201, other.status(), other.toString());
    Api.Res both = s.api().get(secretsOf(id));
    seen.add(both);
    assertEquals(
        List.of("DATABASE_URL", "_private_2"), names(both).stream().sorted().toList(), both.text());

    // the values never come back, in any response
    seen.add(s.api().get(PROJECTS + "/" + id));
    seen.add(s.api().get(PROJECTS));
    seen.add(s.api().get("/api/v1/audit-events?limit=500"));
    for (Api.Res r : seen) {
      assertFalse(r.text().contains(value), r.toString());
      assertFalse(r.text().contains(replaced), r.toString());
      assertFalse(r.text().contains("value_enc"), r.toString());
    }
  }

  @Test
  void deleteAnswers204ThenNotFound() {
    Session s = Accounts.newUser("sec-del");
    String id = project(s, "deletes");
    assertEquals(201, s.api().put(secret(id, "ONE"), Map.of("value", "1")).status());
    assertEquals(201, s.api().put(secret(id, "TWO"), Map.of("value", "2")).status());

    Api.Res del = s.api().delete(secret(id, "ONE"));
    assertEquals(204, del.status(), del.toString());
    assertEquals(List.of("TWO"), names(s.api().get(secretsOf(id))));
    assertProblem(s.api().delete(secret(id, "ONE")), 404, "not_found");
    assertProblem(s.api().delete(secret("deletes", "NEVER_SET")), 404, "not_found");
    assertEquals(204, s.api().delete(secret("deletes", "TWO")).status());
    assertEquals(0, listed(s.api().get(secretsOf(id))).size());

    // once deleted, the same name can be set again (a fresh creation)
    assertEquals(201, s.api().put(secret(id, "ONE"), Map.of("value", "again")).status());

    // names are case-sensitive
    assertEquals(201, s.api().put(secret(id, "one"), Map.of("value", "lower")).status());
    assertEquals(
        List.of("ONE", "one"), names(s.api().get(secretsOf(id))).stream().sorted().toList());

    // a missing project is a 404, whatever the secret
    String missing = UUID.randomUUID().toString();
    assertProblem(s.api().get(secretsOf(missing)), 404, "not_found");
    assertProblem(s.api().put(secret(missing, "ONE"), Map.of("value", "x")), 404, "not_found");
    assertProblem(s.api().delete(secret(missing, "ONE")), 404, "not_found");
    assertProblem(s.api().get(secretsOf("no-such-project")), 404, "not_found");
  }

  @Test
  void keyAndValueAreValidated() {
    Session s = Accounts.newUser("sec-valid");
    String id = project(s, "validated");
    for (String bad : List.of("1ABC", "a-b", "a.b", "x".repeat(129), "%C3%A9t%C3%A9", "a%20b")) {
      assertValidation(s.api().put(secret(id, bad), Map.of("value", "v")), "key");
    }
    assertValidation(s.api().put(secret(id, "OK_NAME"), Map.of()), "value");
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("value", null);
    assertValidation(s.api().put(secret(id, "OK_NAME"), nullValue), "value");
    assertValidation(
        s.api().put(secret(id, "OK_NAME"), Map.of("value", "v".repeat(8193))), "value");
    Api.Res both = s.api().put(secret(id, "1BAD"), Map.of("value", "v".repeat(8193)));
    assertEquals(422, both.status(), both.toString());
    assertEquals(2, both.json().path("errors").size(), both.toString());
    assertProblem(s.api().put(secret(id, "OK_NAME"), "{\"value\": "), 400, "malformed_json");
    assertEquals(400, s.api().send("PUT", secret(id, "OK_NAME"), "", "application/json").status());
    assertEquals(0, listed(s.api().get(secretsOf(id))).size(), "nothing was stored");

    // the limits themselves are accepted
    String max = "k".repeat(128);
    assertEquals(201, s.api().put(secret(id, max), Map.of("value", "v")).status());
    assertEquals(201, s.api().put(secret(id, "A"), Map.of("value", "v".repeat(8192))).status());
    assertEquals(201, s.api().put(secret(id, "_"), Map.of("value", "ünïcødé ✓")).status());
    assertEquals(
        List.of("A", "_", max).stream().sorted().toList(),
        names(s.api().get(secretsOf(id))).stream().sorted().toList());
  }

  @Test
  void onlyAdminsWriteSecrets() {
    Session admin = Accounts.newUser("sec-roles-admin");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("sec-roles-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("sec-roles-op"), "operator");
    String id = project(admin, "guarded");
    assertEquals(201, admin.api().put(secret(id, "KEEP"), Map.of("value", "k")).status());

    for (Session weak : List.of(viewer, operator)) {
      assertProblem(weak.api().put(secret(id, "NEW"), Map.of("value", "x")), 403, "forbidden");
      assertProblem(weak.api().put(secret(id, "KEEP"), Map.of("value", "x")), 403, "forbidden");
      assertProblem(weak.api().delete(secret(id, "KEEP")), 403, "forbidden");
      // names are readable by every member
      assertEquals(List.of("KEEP"), names(weak.api().get(secretsOf(id))));
    }
    String operatorKey = Accounts.apiKey(admin, "operator");
    Api byKey = Api.anonymous().withApiKey(operatorKey);
    assertProblem(byKey.put(secret(id, "NEW"), Map.of("value", "x")), 403, "forbidden");
    assertProblem(byKey.delete(secret(id, "KEEP")), 403, "forbidden");
    Api anon = Api.anonymous();
    assertProblem(anon.get(secretsOf(id)), 401, "unauthorized");
    assertProblem(anon.put(secret(id, "NEW"), Map.of("value", "x")), 401, "unauthorized");
    assertProblem(anon.delete(secret(id, "KEEP")), 401, "unauthorized");
    assertEquals(List.of("KEEP"), names(admin.api().get(secretsOf(id))));

    // an admin API key may
    Api adminKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "admin"));
    assertEquals(201, adminKey.put(secret(id, "BY_KEY"), Map.of("value", "x")).status());
    assertEquals(204, adminKey.delete(secret(id, "BY_KEY")).status());

    // a member promoted to admin may, at once
    Api.Res promoted =
        admin
            .api()
            .patch("/api/v1/tenants/current/members/" + operator.userId(), Map.of("role", "admin"));
    assertEquals(200, promoted.status(), promoted.toString());
    assertEquals(201, operator.api().put(secret(id, "NEW"), Map.of("value", "x")).status());
  }

  @Test
  void anotherWorkspacesSecretsAreInvisible() {
    Session alice = Accounts.newUser("sec-iso-alice");
    Session bob = Accounts.newUser("sec-iso-bob");
    String id = project(alice, "shared-name");
    String value = "alice-" + UUID.randomUUID();
    assertEquals(201, alice.api().put(secret(id, "API_TOKEN"), Map.of("value", value)).status());
    // Bob has a project with the same slug and a secret with the same name
    String bobs = project(bob, "shared-name");
    assertEquals(201, bob.api().put(secret(bobs, "API_TOKEN"), Map.of("value", "bob")).status());

    for (Api.Res r :
        List.of(
            bob.api().get(secretsOf(id)),
            bob.api().put(secret(id, "API_TOKEN"), Map.of("value", "overwritten")),
            bob.api().put(secret(id, "INJECTED"), Map.of("value", "x")),
            bob.api().delete(secret(id, "API_TOKEN")))) {
      assertProblem(r, 404, "not_found");
      assertFalse(r.text().contains(value), r.text());
    }
    // by slug, Bob reaches his own project, never Alice's
    assertEquals(
        204, bob.api().put(secret("shared-name", "API_TOKEN"), Map.of("value", "b2")).status());
    assertEquals(204, bob.api().delete(secret("shared-name", "API_TOKEN")).status());
    assertEquals(0, listed(bob.api().get(secretsOf("shared-name"))).size());

    Api.Res alices = alice.api().get(secretsOf("shared-name"));
    assertEquals(List.of("API_TOKEN"), names(alices));
    JsonNode item = listed(alices).get(0);
    assertEquals(item.path("created_at"), item.path("updated_at"), "never replaced: " + alices);
  }

  @Test
  void deletingTheProjectRemovesItsSecrets() {
    Session s = Accounts.newUser("sec-cascade");
    String first = project(s, "phoenix");
    String sibling = project(s, "sibling");
    assertEquals(201, s.api().put(secret(first, "ALPHA"), Map.of("value", "a")).status());
    assertEquals(201, s.api().put(secret(first, "BETA"), Map.of("value", "b")).status());
    assertEquals(201, s.api().put(secret(sibling, "ALPHA"), Map.of("value", "c")).status());

    assertEquals(204, s.api().delete(PROJECTS + "/phoenix").status());
    assertProblem(s.api().get(secretsOf(first)), 404, "not_found");
    assertProblem(s.api().delete(secret(first, "ALPHA")), 404, "not_found");
    assertProblem(s.api().put(secret(first, "ALPHA"), Map.of("value", "z")), 404, "not_found");

    String reborn = project(s, "phoenix");
    assertFalse(first.equals(reborn));
    assertEquals(0, listed(s.api().get(secretsOf("phoenix"))).size());
    assertEquals(201, s.api().put(secret(reborn, "ALPHA"), Map.of("value", "new")).status());
    assertEquals(List.of("ALPHA"), names(s.api().get(secretsOf(reborn))));
    // the other project's secret of the same name is untouched
    assertEquals(List.of("ALPHA"), names(s.api().get(secretsOf(sibling))));
  }

  @Test
  void concurrentFirstPutsStoreOneSecret() throws Exception {
    Session s = Accounts.newUser("sec-race");
    String id = project(s, "raced");
    List<Api.Res> results =
        ProjectsIT.concurrently(
            8,
            () -> s.api().put(secret(id, "RACE"), Map.of("value", UUID.randomUUID().toString())));
    int created = 0;
    for (Api.Res r : results) {
      if (r.status() == 201) {
        created++;
      } else {
        assertEquals(204, r.status(), r.toString());
      }
    }
    assertEquals(1, created, results.toString());
    assertEquals(List.of("RACE"), names(s.api().get(secretsOf(id))));
  }
}
