package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class ProjectsIT {

  private static final String PROJECTS = "/api/v1/projects";

  private static JsonNode create(Session s, Map<String, ?> body) {
    Api.Res res = s.api().post(PROJECTS, body);
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  private static JsonNode create(Session s, String name) {
    return create(s, Map.of("name", name));
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static List<String> field(JsonNode items, String name) {
    List<String> out = new ArrayList<>();
    items.forEach(i -> out.add(i.path(name).asText()));
    return out;
  }

  private static void assertValidation(Api.Res res, String field) {
    assertProblem(res, 422, "validation_error");
    assertTrue(
        field(res.json().path("errors"), "field").contains(field),
        "expected an error on " + field + ": " + res);
  }

  @Test
  void createReturnsTheProjectAndDerivesTheSlug() {
    Session s = Accounts.newUser("proj-create");
    Instant before = Instant.now().minusSeconds(5);
    Api.Res res =
        s.api().post(PROJECTS, Map.of("name", "  My App  ", "description", "The first one"));
    assertEquals(201, res.status(), res.toString());
    JsonNode p = res.json();
    assertEquals(36, p.path("id").asText().length(), p.toString());
    UUID.fromString(p.path("id").asText());
    assertEquals("My App", p.path("name").asText(), "the name is trimmed");
    assertEquals("my-app", p.path("slug").asText());
    assertEquals("The first one", p.path("description").asText());
    assertEquals(s.userId(), p.path("created_by").asText());
    Instant created = Instant.parse(p.path("created_at").asText());
    assertTrue(created.isAfter(before), p.toString());
    assertEquals(created, Instant.parse(p.path("updated_at").asText()));

    JsonNode second = create(s, "My App");
    assertEquals("My App", second.path("name").asText());
    assertNotEquals("my-app", second.path("slug").asText());
    assertTrue(second.path("slug").asText().startsWith("my-app"), second.toString());
    assertTrue(second.path("description").isNull(), second.toString());
    JsonNode third = create(s, "My App");
    assertNotEquals(second.path("slug").asText(), third.path("slug").asText());
    assertNotEquals("my-app", third.path("slug").asText());

    assertEquals("ecole-cafe-uber", create(s, "École — Café & Über!").path("slug").asText());
    String derivedFromSymbols = create(s, "!!!").path("slug").asText();
    assertTrue(
        derivedFromSymbols.matches("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"), derivedFromSymbols);

    // a derived slug from a long name stays a valid slug
    String longSlug = create(s, "word ".repeat(39)).path("slug").asText();
    assertTrue(longSlug.length() <= 64, longSlug);
    assertTrue(longSlug.matches("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"), longSlug);

    // an explicit slug is used as it is
    JsonNode explicit = create(s, Map.of("name", "Whatever", "slug", "custom-slug-1"));
    assertEquals("custom-slug-1", explicit.path("slug").asText());
  }

  @Test
  void getByIdOrSlug() {
    Session s = Accounts.newUser("proj-get");
    JsonNode p = create(s, Map.of("name", "Lookup", "description", "d"));
    String id = p.path("id").asText();

    Api.Res byId = s.api().get(PROJECTS + "/" + id);
    assertEquals(200, byId.status(), byId.toString());
    assertEquals(p, byId.json());
    Api.Res bySlug = s.api().get(PROJECTS + "/lookup");
    assertEquals(200, bySlug.status(), bySlug.toString());
    assertEquals(p, bySlug.json());

    // a slug that is 36 characters long, like an id, is still found by slug
    String slug36 = "abcdefghij-abcdefghij-abcdefghij-abc";
    assertEquals(36, slug36.length());
    JsonNode long36 = create(s, Map.of("name", "Thirty six", "slug", slug36));
    Api.Res by36 = s.api().get(PROJECTS + "/" + slug36);
    assertEquals(200, by36.status(), by36.toString());
    assertEquals(long36.path("id").asText(), by36.json().path("id").asText());

    assertProblem(s.api().get(PROJECTS + "/" + UUID.randomUUID()), 404, "not_found");
    assertProblem(s.api().get(PROJECTS + "/no-such-project"), 404, "not_found");
    assertProblem(Api.anonymous().get(PROJECTS + "/" + id), 401, "unauthorized");
  }

  @Test
  void explicitSlugIsValidatedAndUniquePerWorkspace() {
    Session s = Accounts.newUser("proj-slug");
    for (String bad :
        List.of(
            "Bad Slug",
            "UPPER",
            "-leading",
            "trailing-",
            "under_score",
            "dots.in.it",
            "x".repeat(65),
            "")) {
      Api.Res res = s.api().post(PROJECTS, Map.of("name", "Slugged", "slug", bad));
      assertValidation(res, "slug");
    }
    assertEquals(
        "x".repeat(64),
        create(s, Map.of("name", "Max", "slug", "x".repeat(64))).path("slug").asText());
    assertEquals("a", create(s, Map.of("name", "One", "slug", "a")).path("slug").asText());

    JsonNode taken = create(s, Map.of("name", "Taken", "slug", "taken"));
    Api.Res dup = s.api().post(PROJECTS, Map.of("name", "Other", "slug", "taken"));
    assertProblem(dup, 409, "slug_taken");
    // nothing was created by the refused request
    assertEquals(0, s.api().get(PROJECTS + "?q=" + q("Other")).json().path("total").asInt());

    // a derived slug never collides with an explicit one
    JsonNode derived = create(s, "Taken");
    assertNotEquals("taken", derived.path("slug").asText());
    assertNotEquals(taken.path("id").asText(), derived.path("id").asText());

    // the same slug is fine in another workspace, and each workspace sees its own
    Session other = Accounts.newUser("proj-slug-other");
    JsonNode mine = create(other, Map.of("name", "Mine", "slug", "taken"));
    assertEquals("taken", mine.path("slug").asText());
    assertEquals(
        mine.path("id").asText(), other.api().get(PROJECTS + "/taken").json().path("id").asText());
    assertEquals(
        taken.path("id").asText(), s.api().get(PROJECTS + "/taken").json().path("id").asText());
  }

  @Test
  void listIsNewestFirstAndPaged() {
    Session s = Accounts.newUser("proj-list");
    Api.Res empty = s.api().get(PROJECTS);
    assertEquals(200, empty.status(), empty.toString());
    assertEquals(0, empty.json().path("total").asInt());
    assertEquals(0, empty.json().path("items").size());
    assertEquals(50, empty.json().path("limit").asInt());
    assertEquals(0, empty.json().path("offset").asInt());

    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      ids.add(0, create(s, "Listed " + i).path("id").asText());
    }
    JsonNode all = s.api().get(PROJECTS).json();
    assertEquals(5, all.path("total").asInt());
    assertEquals(ids, field(all.path("items"), "id"), "newest first");
    assertEquals("Listed 5", all.path("items").get(0).path("name").asText());

    JsonNode page1 = s.api().get(PROJECTS + "?limit=2").json();
    assertEquals(ids.subList(0, 2), field(page1.path("items"), "id"));
    assertEquals(5, page1.path("total").asInt());
    assertEquals(2, page1.path("limit").asInt());
    assertEquals(0, page1.path("offset").asInt());
    JsonNode page2 = s.api().get(PROJECTS + "?limit=2&offset=2").json();
    assertEquals(ids.subList(2, 4), field(page2.path("items"), "id"));
    assertEquals(2, page2.path("offset").asInt());
    JsonNode page3 = s.api().get(PROJECTS + "?limit=2&offset=4").json();
    assertEquals(ids.subList(4, 5), field(page3.path("items"), "id"));
    JsonNode beyond = s.api().get(PROJECTS + "?offset=100").json();
    assertEquals(0, beyond.path("items").size());
    assertEquals(5, beyond.path("total").asInt());
    assertEquals(1, s.api().get(PROJECTS + "?limit=1").json().path("items").size());
    assertEquals(5, s.api().get(PROJECTS + "?limit=500").json().path("items").size());

    for (String bad : List.of("limit=0", "limit=501", "limit=abc", "limit=-1", "limit=1.5")) {
      assertValidation(s.api().get(PROJECTS + "?" + bad), "limit");
    }
    for (String bad : List.of("offset=-1", "offset=abc")) {
      assertValidation(s.api().get(PROJECTS + "?" + bad), "offset");
    }
  }

  @Test
  void searchMatchesNameSlugAndDescriptionIgnoringCase() {
    Session s = Accounts.newUser("proj-search");
    String rocketName = create(s, "Alpha ROCKET").path("id").asText();
    String rocketDesc =
        create(s, Map.of("name", "Beta", "description", "Carries rocket fuel")).path("id").asText();
    String rocketSlug =
        create(s, Map.of("name", "Gamma", "slug", "rocketry-lab")).path("id").asText();
    String unrelated =
        create(s, Map.of("name", "Delta", "description", "boats")).path("id").asText();
    String percent = create(s, "Growth 100% guaranteed").path("id").asText();
    String underscore = create(s, "snake_case tool").path("id").asText();
    create(s, Map.of("name", "Plain", "description", "x1y and abc"));

    JsonNode found = s.api().get(PROJECTS + "?q=RoCkEt").json();
    assertEquals(3, found.path("total").asInt(), found.toString());
    assertEquals(List.of(rocketSlug, rocketDesc, rocketName), field(found.path("items"), "id"));

    JsonNode bySlugOnly = s.api().get(PROJECTS + "?q=rocketry").json();
    assertEquals(List.of(rocketSlug), field(bySlugOnly.path("items"), "id"));

    JsonNode boats = s.api().get(PROJECTS + "?q=" + q("  BOATS  ")).json();
    assertEquals(List.of(unrelated), field(boats.path("items"), "id"));

    // % and _ are literal characters, not wildcards
    JsonNode pct = s.api().get(PROJECTS + "?q=" + q("%")).json();
    assertEquals(List.of(percent), field(pct.path("items"), "id"), pct.toString());
    assertEquals(1, pct.path("total").asInt());
    JsonNode pctMid = s.api().get(PROJECTS + "?q=" + q("100%")).json();
    assertEquals(List.of(percent), field(pctMid.path("items"), "id"));
    JsonNode us = s.api().get(PROJECTS + "?q=" + q("_")).json();
    assertEquals(List.of(underscore), field(us.path("items"), "id"), us.toString());
    JsonNode usMid = s.api().get(PROJECTS + "?q=" + q("x_y")).json();
    assertEquals(0, usMid.path("total").asInt(), usMid.toString());
    JsonNode backslash = s.api().get(PROJECTS + "?q=" + q("\\")).json();
    assertEquals(0, backslash.path("total").asInt(), backslash.toString());

    JsonNode none = s.api().get(PROJECTS + "?q=zzz-nothing").json();
    assertEquals(0, none.path("total").asInt());
    assertEquals(0, none.path("items").size());

    // q works together with paging
    JsonNode paged = s.api().get(PROJECTS + "?q=rocket&limit=1&offset=1").json();
    assertEquals(3, paged.path("total").asInt());
    assertEquals(List.of(rocketDesc), field(paged.path("items"), "id"));

    // blank q lists everything
    assertEquals(7, s.api().get(PROJECTS + "?q=").json().path("total").asInt());
    assertValidation(s.api().get(PROJECTS + "?q=" + "a".repeat(201)), "q");
  }

  @Test
  void patchChangesNameSlugAndDescription() throws Exception {
    Session s = Accounts.newUser("proj-patch");
    JsonNode p = create(s, Map.of("name", "Before", "description", "old text"));
    String id = p.path("id").asText();
    Thread.sleep(5);

    Api.Res renamed = s.api().patch(PROJECTS + "/" + id, Map.of("name", "  After  "));
    assertEquals(200, renamed.status(), renamed.toString());
    assertEquals("After", renamed.json().path("name").asText());
    assertEquals("before", renamed.json().path("slug").asText(), "slug is not re-derived");
    assertEquals("old text", renamed.json().path("description").asText());
    assertEquals(p.path("created_at"), renamed.json().path("created_at"));
    assertTrue(
        Instant.parse(renamed.json().path("updated_at").asText())
            .isAfter(Instant.parse(p.path("updated_at").asText())),
        renamed.toString());

    Api.Res reslugged =
        s.api().patch(PROJECTS + "/before", Map.of("slug", "after", "description", "new text"));
    assertEquals(200, reslugged.status(), reslugged.toString());
    assertEquals("after", reslugged.json().path("slug").asText());
    assertEquals("new text", reslugged.json().path("description").asText());
    assertProblem(s.api().get(PROJECTS + "/before"), 404, "not_found");
    assertEquals("After", s.api().get(PROJECTS + "/after").json().path("name").asText());

    // an empty description clears it; absent fields are left alone
    Api.Res cleared = s.api().patch(PROJECTS + "/after", Map.of("description", ""));
    assertEquals(200, cleared.status(), cleared.toString());
    assertTrue(cleared.json().path("description").isNull(), cleared.toString());
    assertEquals("After", cleared.json().path("name").asText());
    assertEquals("after", cleared.json().path("slug").asText());
    JsonNode stored = s.api().get(PROJECTS + "/" + id).json();
    assertTrue(stored.path("description").isNull(), stored.toString());

    Api.Res noop = s.api().patch(PROJECTS + "/" + id, Map.of());
    assertEquals(200, noop.status(), noop.toString());
    assertEquals("After", noop.json().path("name").asText());

    // keeping its own slug is not a conflict; taking another project's slug is
    Api.Res same = s.api().patch(PROJECTS + "/" + id, Map.of("slug", "after"));
    assertEquals(200, same.status(), same.toString());
    create(s, Map.of("name", "Neighbour", "slug", "neighbour"));
    assertProblem(
        s.api().patch(PROJECTS + "/" + id, Map.of("slug", "neighbour")), 409, "slug_taken");
    assertEquals("after", s.api().get(PROJECTS + "/" + id).json().path("slug").asText());

    assertProblem(
        s.api().patch(PROJECTS + "/" + UUID.randomUUID(), Map.of("name", "x")), 404, "not_found");
    assertProblem(s.api().patch(PROJECTS + "/nope", Map.of("name", "x")), 404, "not_found");
  }

  @Test
  void deleteAnswers204ThenNotFound() {
    Session s = Accounts.newUser("proj-delete");
    JsonNode p = create(s, "Doomed");
    String id = p.path("id").asText();
    JsonNode kept = create(s, "Kept");
    Api.Res del = s.api().delete(PROJECTS + "/" + id);
    assertEquals(204, del.status(), del.toString());
    assertTrue(del.text().isEmpty(), del.text());
    assertProblem(s.api().get(PROJECTS + "/" + id), 404, "not_found");
    assertProblem(s.api().get(PROJECTS + "/doomed"), 404, "not_found");
    assertProblem(s.api().delete(PROJECTS + "/" + id), 404, "not_found");
    assertProblem(s.api().patch(PROJECTS + "/" + id, Map.of("name", "x")), 404, "not_found");
    JsonNode list = s.api().get(PROJECTS).json();
    assertEquals(List.of(kept.path("id").asText()), field(list.path("items"), "id"));
    assertEquals(1, list.path("total").asInt());

    // by slug, and the slug is free again afterwards
    assertEquals(204, s.api().delete(PROJECTS + "/kept").status());
    assertProblem(s.api().delete(PROJECTS + "/kept"), 404, "not_found");
    JsonNode again = create(s, Map.of("name", "Kept again", "slug", "kept"));
    assertNotEquals(kept.path("id").asText(), again.path("id").asText());
    assertProblem(s.api().delete(PROJECTS + "/" + UUID.randomUUID()), 404, "not_found");
  }

  @Test
  void badInputOnCreate() {
    Session s = Accounts.newUser("proj-bad-create");
    assertValidation(s.api().post(PROJECTS, Map.of("description", "no name")), "name");
    assertValidation(s.api().post(PROJECTS, Map.of("name", "")), "name");
    assertValidation(s.api().post(PROJECTS, Map.of("name", "   ")), "name");
    Map<String, Object> nullName = new HashMap<>();
    nullName.put("name", null);
    assertValidation(s.api().post(PROJECTS, nullName), "name");
    assertValidation(s.api().post(PROJECTS, Map.of("name", "n".repeat(201))), "name");
    assertValidation(s.api().post(PROJECTS, Map.of("name", "bad\u0001name")), "name");
    assertValidation(
        s.api().post(PROJECTS, Map.of("name", "Long", "description", "d".repeat(4001))),
        "description");
    Api.Res several =
        s.api()
            .post(
                PROJECTS,
                Map.of("name", "n".repeat(201), "slug", "BAD", "description", "d".repeat(4001)));
    assertEquals(422, several.status(), several.toString());
    assertEquals(3, several.json().path("errors").size(), several.toString());

    Api.Res malformed = s.api().post(PROJECTS, "{\"name\":");
    assertProblem(malformed, 400, "malformed_json");
    // a value of the wrong JSON type is a field error (it was 400 malformed_json)
    Api.Res wrongShape = s.api().post(PROJECTS, "{\"name\": {\"nested\": true}}");
    assertValidation(wrongShape, "name");
    Api.Res empty = s.api().send("POST", PROJECTS, "", "application/json");
    assertEquals(400, empty.status(), empty.toString());
    Api.Res text = s.api().send("POST", PROJECTS, "name=x", "text/plain");
    assertProblem(text, 415, "unsupported_media_type");

    // the limits themselves are accepted
    JsonNode max =
        create(s, Map.of("name", "n".repeat(200), "description", "d\n\t".repeat(1333) + "d"));
    assertEquals(200, max.path("name").asText().length());
    assertEquals(4000, max.path("description").asText().length());

    // nothing but the accepted project was created
    assertEquals(1, s.api().get(PROJECTS).json().path("total").asInt());
    // no internals leak in any error
    for (Api.Res r : List.of(several, malformed, wrongShape, empty)) {
      assertFalse(r.text().contains("Exception"), r.text());
      assertFalse(r.text().contains("dev.atelier"), r.text());
    }
  }

  @Test
  void badInputOnPatch() {
    Session s = Accounts.newUser("proj-bad-patch");
    String id = create(s, Map.of("name", "Stable", "description", "kept")).path("id").asText();
    String path = PROJECTS + "/" + id;
    assertValidation(s.api().patch(path, Map.of("name", "")), "name");
    assertValidation(s.api().patch(path, Map.of("name", "  ")), "name");
    assertValidation(s.api().patch(path, Map.of("name", "n".repeat(201))), "name");
    assertValidation(s.api().patch(path, Map.of("description", "d".repeat(4001))), "description");
    assertValidation(s.api().patch(path, Map.of("slug", "Not A Slug")), "slug");
    assertValidation(s.api().patch(path, Map.of("slug", "")), "slug");
    assertValidation(s.api().patch(path, Map.of("slug", "s".repeat(65))), "slug");
    assertProblem(s.api().patch(path, "{\"name\": \"x\""), 400, "malformed_json");
    assertEquals(400, s.api().send("PATCH", path, "", "application/json").status());

    JsonNode after = s.api().get(path).json();
    assertEquals("Stable", after.path("name").asText());
    assertEquals("stable", after.path("slug").asText());
    assertEquals("kept", after.path("description").asText());
  }

  @Test
  void viewerReadsButCannotWriteAndOperatorCanWrite() {
    Session admin = Accounts.newUser("proj-roles-admin");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("proj-roles-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("proj-roles-op"), "operator");
    String id = create(admin, "Shared").path("id").asText();

    assertEquals(200, viewer.api().get(PROJECTS).status());
    assertEquals(1, viewer.api().get(PROJECTS).json().path("total").asInt());
    assertEquals(200, viewer.api().get(PROJECTS + "/" + id).status());
    assertEquals(200, viewer.api().get(PROJECTS + "/shared").status());
    assertEquals(200, viewer.api().get(PROJECTS + "/" + id + "/secrets").status());
    assertProblem(viewer.api().post(PROJECTS, Map.of("name", "Nope")), 403, "forbidden");
    assertProblem(
        viewer.api().patch(PROJECTS + "/" + id, Map.of("name", "Nope")), 403, "forbidden");
    assertProblem(viewer.api().delete(PROJECTS + "/" + id), 403, "forbidden");
    // role is checked before the body
    assertProblem(viewer.api().post(PROJECTS, "{not json"), 403, "forbidden");
    assertEquals("Shared", admin.api().get(PROJECTS + "/" + id).json().path("name").asText());
    assertEquals(1, admin.api().get(PROJECTS).json().path("total").asInt());

    Api.Res made = operator.api().post(PROJECTS, Map.of("name", "Operated"));
    assertEquals(201, made.status(), made.toString());
    assertEquals(operator.userId(), made.json().path("created_by").asText());
    String opId = made.json().path("id").asText();
    assertEquals(
        200, operator.api().patch(PROJECTS + "/" + id, Map.of("name", "Renamed")).status());
    assertEquals("Renamed", viewer.api().get(PROJECTS + "/" + id).json().path("name").asText());
    assertEquals(204, operator.api().delete(PROJECTS + "/" + opId).status());
    assertProblem(admin.api().get(PROJECTS + "/" + opId), 404, "not_found");

    // API keys act with their own role
    String viewerKey = Accounts.apiKey(admin, "viewer");
    Api byViewerKey = Api.anonymous().withApiKey(viewerKey);
    assertEquals(200, byViewerKey.get(PROJECTS + "/" + id).status());
    assertProblem(byViewerKey.post(PROJECTS, Map.of("name", "Key")), 403, "forbidden");
    String operatorKey = Accounts.apiKey(admin, "operator");
    Api.Res byKey = Api.anonymous().withApiKey(operatorKey).post(PROJECTS, Map.of("name", "Key"));
    assertEquals(201, byKey.status(), byKey.toString());
    assertEquals(admin.userId(), byKey.json().path("created_by").asText());

    Api anon = Api.anonymous();
    assertProblem(anon.get(PROJECTS), 401, "unauthorized");
    assertProblem(anon.post(PROJECTS, Map.of("name", "Anon")), 401, "unauthorized");
    assertProblem(anon.patch(PROJECTS + "/" + id, Map.of("name", "Anon")), 401, "unauthorized");
    assertProblem(anon.delete(PROJECTS + "/" + id), 401, "unauthorized");
  }

  @Test
  void anotherWorkspacesProjectIsInvisible() {
    Session alice = Accounts.newUser("proj-iso-alice");
    Session bob = Accounts.newUser("proj-iso-bob");
    String unique = "Isolated " + UUID.randomUUID().toString().substring(0, 8);
    JsonNode p = create(alice, Map.of("name", unique, "slug", "alice-only", "description", "top"));
    String id = p.path("id").asText();
    assertEquals(
        201,
        alice.api().put(PROJECTS + "/" + id + "/secrets/TOKEN", Map.of("value", "v")).status());
    JsonNode bobs = create(bob, "Bob's own");

    for (String ref : List.of(id, "alice-only")) {
      String path = PROJECTS + "/" + ref;
      assertProblem(bob.api().get(path), 404, "not_found");
      assertProblem(bob.api().patch(path, Map.of("name", "Hijacked")), 404, "not_found");
      assertProblem(bob.api().patch(path, Map.of("slug", "hijacked")), 404, "not_found");
      assertProblem(bob.api().delete(path), 404, "not_found");
      assertProblem(bob.api().get(path + "/secrets"), 404, "not_found");
      assertProblem(bob.api().put(path + "/secrets/TOKEN", Map.of("value", "x")), 404, "not_found");
      assertProblem(bob.api().put(path + "/secrets/OTHER", Map.of("value", "x")), 404, "not_found");
      assertProblem(bob.api().delete(path + "/secrets/TOKEN"), 404, "not_found");
    }

    JsonNode bobList = bob.api().get(PROJECTS).json();
    assertEquals(1, bobList.path("total").asInt(), bobList.toString());
    assertEquals(List.of(bobs.path("id").asText()), field(bobList.path("items"), "id"));
    assertFalse(bobList.toString().contains(id));
    for (String term : List.of(unique, "alice", "top", "isolated")) {
      JsonNode search = bob.api().get(PROJECTS + "?q=" + q(term)).json();
      assertEquals(0, search.path("total").asInt(), term + ": " + search);
    }
    // a search whose OR clauses match the other workspace's project still stays in this one
    JsonNode orSearch = bob.api().get(PROJECTS + "?q=o").json();
    assertFalse(orSearch.toString().contains(id), orSearch.toString());

    // a project of Bob's whose slug is Alice's project id is Bob's, never Alice's
    JsonNode lookalike = create(bob, Map.of("name", "Lookalike", "slug", id));
    Api.Res bobLookup = bob.api().get(PROJECTS + "/" + id);
    assertEquals(200, bobLookup.status(), bobLookup.toString());
    assertEquals(lookalike.path("id").asText(), bobLookup.json().path("id").asText());
    assertEquals(204, bob.api().delete(PROJECTS + "/" + id).status());

    // Alice's project is untouched
    Api.Res still = alice.api().get(PROJECTS + "/" + id);
    assertEquals(200, still.status(), still.toString());
    assertEquals(p, still.json());
    JsonNode secrets = alice.api().get(PROJECTS + "/alice-only/secrets").json();
    assertTrue(secrets.toString().contains("TOKEN"), secrets.toString());
    assertFalse(secrets.toString().contains("OTHER"), secrets.toString());
    JsonNode aliceList = alice.api().get(PROJECTS).json();
    assertEquals(List.of(id), field(aliceList.path("items"), "id"));
  }

  @Test
  void membersOfTwoWorkspacesSeeOnlyTheCurrentOne() {
    Session alice = Accounts.newUser("proj-two-alice");
    Session bob = Accounts.newUser("proj-two-bob");
    String bobsOwn = create(bob, "Bob personal").path("id").asText();
    String alices = create(alice, "Alice shared").path("id").asText();
    Session bobInAlice = Accounts.joinAs(alice, bob, "operator");

    JsonNode inAlice = bobInAlice.api().get(PROJECTS).json();
    assertEquals(List.of(alices), field(inAlice.path("items"), "id"));
    assertProblem(bobInAlice.api().get(PROJECTS + "/" + bobsOwn), 404, "not_found");
    // the old token still works in Bob's own workspace, which does not see Alice's project
    assertEquals(List.of(bobsOwn), field(bob.api().get(PROJECTS).json().path("items"), "id"));
    assertProblem(bob.api().get(PROJECTS + "/" + alices), 404, "not_found");

    // a project created through the switched token lands in Alice's workspace
    String created = create(bobInAlice, "From Bob").path("id").asText();
    assertEquals(200, alice.api().get(PROJECTS + "/" + created).status());
    assertProblem(bob.api().get(PROJECTS + "/" + created), 404, "not_found");
  }

  /** Runs {@code n} copies of {@code call} at the same moment and returns their results. */
  static List<Api.Res> concurrently(int n, Callable<Api.Res> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Api.Res>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call();
                }));
      }
      assertTrue(ready.await(30, TimeUnit.SECONDS));
      go.countDown();
      List<Api.Res> out = new ArrayList<>();
      for (Future<Api.Res> f : futures) {
        out.add(f.get(90, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void concurrentCreatesWithTheSameNameAllGetTheirOwnSlug() throws Exception {
    Session s = Accounts.newUser("proj-race");
    List<Api.Res> results =
        concurrently(8, () -> s.api().post(PROJECTS, Map.of("name", "Race Car")));
    List<String> slugs = new ArrayList<>();
    for (Api.Res r : results) {
      assertEquals(201, r.status(), r.toString());
      slugs.add(r.json().path("slug").asText());
    }
    assertEquals(8, slugs.stream().distinct().count(), slugs.toString());
    assertTrue(slugs.contains("race-car"), slugs.toString());
    assertEquals(8, s.api().get(PROJECTS).json().path("total").asInt());
  }

  @Test
  void concurrentCreatesWithTheSameExplicitSlugMakeOneProject() throws Exception {
    Session s = Accounts.newUser("proj-race-slug");
    List<Api.Res> results =
        concurrently(
            8, () -> s.api().post(PROJECTS, Map.of("name", "Contended", "slug", "contended")));
    int created = 0;
    for (Api.Res r : results) {
      if (r.status() == 201) {
        created++;
      } else {
        assertProblem(r, 409, "slug_taken");
      }
    }
    assertEquals(1, created, results.toString());
    assertEquals(1, s.api().get(PROJECTS).json().path("total").asInt());
  }
}
