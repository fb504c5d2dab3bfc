package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertNoLeak;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Concurrently;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Agent specs: validation, create, read, list, replace, delete; roles, tenancy, idempotency. */
@ExtendWith(AtelierServer.class)
class AgentsIT {

  private static final String AGENTS = "/api/v1/agents";
  private static final String VALIDATE = AGENTS + "/validate";

  private static final String PLANNER_YAML =
      """
      name: day-planner
      description: Plans the day
      model: openai:gpt-4o-mini
      instructions: |
        You plan the day.
      tools:
        - calendar_read
        - send_email
      max_steps: 12
      temperature: 0.5
      token_budget: 50000
      approval_required: [send_email]
      labels: [planning, ops]
      """;

  private static String minimalYaml(String name) {
    return "name: " + name + "\nmodel: anthropic:claude-sonnet-4-6\ninstructions: Help.\n";
  }

  private static Map<String, Object> yaml(String content) {
    return Map.of("content", content, "format", "yaml");
  }

  private static Map<String, Object> json(String content) {
    return Map.of("content", content, "format", "json");
  }

  private static JsonNode create(Session s, Map<String, Object> body) {
    Api.Res res = s.api().post(AGENTS, body);
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(i -> out.add(field == null ? i.asText() : i.path(field).asText()));
    return out;
  }

  private static Set<String> names(Iterator<String> it) {
    Set<String> s = new TreeSet<>();
    it.forEachRemaining(s::add);
    return s;
  }

  private static final Set<String> VIEW_FIELDS =
      Set.of(
          "id",
          "name",
          "description",
          "model",
          "tools",
          "max_steps",
          "temperature",
          "token_budget",
          "approval_required",
          "labels",
          "format",
          "content",
          "created_at",
          "updated_at",
          "created_by");

  @Test
  void createFromYamlAndReadItBack() {
    Session s = Accounts.newUser("agents-create");
    Instant before = Instant.now().minusSeconds(5);
    JsonNode a = create(s, yaml(PLANNER_YAML));
    assertEquals(VIEW_FIELDS, names(a.fieldNames()), a.toString());
    UUID.fromString(a.path("id").asText());
    assertEquals("day-planner", a.path("name").asText());
    assertEquals("Plans the day", a.path("description").asText());
    assertEquals("openai:gpt-4o-mini", a.path("model").asText());
    assertEquals(List.of("calendar_read", "send_email"), texts(a.path("tools"), null));
    assertEquals(12, a.path("max_steps").asInt());
    assertEquals(0.5, a.path("temperature").asDouble());
    assertEquals(50_000, a.path("token_budget").asLong());
    assertEquals(List.of("send_email"), texts(a.path("approval_required"), null));
    assertEquals(List.of("planning", "ops"), texts(a.path("labels"), null));
    assertEquals("yaml", a.path("format").asText());
    assertEquals(PLANNER_YAML, a.path("content").asText(), "the source text as sent");
    assertEquals(s.userId(), a.path("created_by").asText());
    Instant created = Instant.parse(a.path("created_at").asText());
    assertTrue(created.isAfter(before), a.toString());
    assertEquals(created, Instant.parse(a.path("updated_at").asText()));

    Api.Res got = s.api().get(AGENTS + "/day-planner");
    assertEquals(200, got.status(), got.toString());
    assertEquals(a, got.json());

    // defaults for a minimal spec
    JsonNode minimal = create(s, yaml(minimalYaml("greeter")));
    assertTrue(minimal.path("description").isNull(), minimal.toString());
    assertEquals(0, minimal.path("tools").size());
    assertEquals(20, minimal.path("max_steps").asInt());
    assertTrue(minimal.path("temperature").isNull(), minimal.toString());
    assertTrue(minimal.path("token_budget").isNull(), minimal.toString());
    assertEquals(0, minimal.path("approval_required").size());
    assertEquals(0, minimal.path("labels").size());
  }

  @Test
  void createFromJson() {
    Session s = Accounts.newUser("agents-json");
    String content =
        "{\"name\": \"reviewer\", \"model\": \"anthropic:claude-sonnet-4-6\","
            + " \"instructions\": \"Review the diff.\", \"tools\": [\"read_file\"],"
            + " \"max_steps\": 5}";
    JsonNode a = create(s, json(content));
    assertEquals("reviewer", a.path("name").asText());
    assertEquals("json", a.path("format").asText());
    assertEquals(content, a.path("content").asText());
    assertEquals(List.of("read_file"), texts(a.path("tools"), null));
    assertEquals(5, a.path("max_steps").asInt());
    assertEquals(a, s.api().get(AGENTS + "/reviewer").json());
  }

  @Test
  void validateAnswersWithTheSpecsErrors() {
    Session s = Accounts.newUser("agents-validate");
    Api.Res ok = s.api().post(VALIDATE, yaml(PLANNER_YAML));
    assertEquals(200, ok.status(), ok.toString());
    assertTrue(ok.json().path("valid").asBoolean(), ok.toString());
    assertEquals("day-planner", ok.json().path("name").asText());
    assertEquals(0, ok.json().path("errors").size());
    // validating stores nothing
    assertProblem(s.api().get(AGENTS + "/day-planner"), 404, "not_found");

    Api.Res bad =
        s.api()
            .post(
                VALIDATE,
                yaml(
                    "name: Bad Name\nmodel: openai:gpt-4o\ninstructions: hi\n"
                        + "tools: [web, Web, web]\nmax_steps: 500\ncolour: blue\n"
                        + "approval_required: [deploy]\nlabels: [Support]\n"));
    assertEquals(200, bad.status(), "an invalid spec is still a 200: " + bad);
    JsonNode v = bad.json();
    assertFalse(v.path("valid").asBoolean(), v.toString());
    assertEquals("Bad Name", v.path("name").asText());
    Map<String, JsonNode> byLocation = new HashMap<>();
    for (JsonNode e : v.path("errors")) {
      assertEquals(Set.of("location", "line", "column", "message"), names(e.fieldNames()));
      assertFalse(e.path("message").asText().isBlank(), e.toString());
      byLocation.put(e.path("location").asText(), e);
    }
    assertEquals(
        Set.of(
            "/name",
            "/tools/1",
            "/tools/2",
            "/max_steps",
            "/colour",
            "/approval_required/0",
            "/labels/0"),
        byLocation.keySet(),
        v.toString());
    assertEquals(4, byLocation.get("/tools/1").path("line").asInt());
    assertEquals(14, byLocation.get("/tools/1").path("column").asInt());
    assertEquals("is listed more than once", byLocation.get("/tools/2").path("message").asText());
    assertEquals("must be at most 100", byLocation.get("/max_steps").path("message").asText());
    assertEquals("is not a known field", byLocation.get("/colour").path("message").asText());
    assertEquals(6, byLocation.get("/colour").path("line").asInt());
    assertEquals(
        "is not one of the agent's tools",
        byLocation.get("/approval_required/0").path("message").asText());

    // JSON specs have positions too
    Api.Res j = s.api().post(VALIDATE, json("{\n  \"name\": \"x\",\n  \"max_steps\": 0\n}"));
    assertEquals(200, j.status(), j.toString());
    JsonNode errors = j.json().path("errors");
    assertEquals(
        Set.of("/model", "/instructions", "/max_steps"),
        new TreeSet<>(texts(errors, "location")),
        j.text());
    JsonNode steps = errors.get(texts(errors, "location").indexOf("/max_steps"));
    assertEquals(3, steps.path("line").asInt(), steps.toString());
    assertEquals(3, steps.path("column").asInt(), steps.toString());
    assertEquals("x", j.json().path("name").asText());
  }

  @Test
  void validateReportsUnreadableSpecsAsInvalid() {
    Session s = Accounts.newUser("agents-unreadable");
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      char p = (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*" + p))).append("]\n");
    }
    Map<String, String> cases =
        Map.of(
            bomb.toString(),
            "uses too many aliases of lists or mappings (at most 10)",
            "name: !!java.lang.Runtime {}\n",
            "uses a YAML tag; tags are not allowed",
            minimalYaml("one") + "---\n" + minimalYaml("two"),
            "must be a single YAML document, but a second one starts here",
            "name: a\nname: b\n",
            "is given more than once (duplicate key)",
            "name: a\n  model: x: y\n",
            "mapping values are not allowed here",
            "",
            "the spec is empty",
            minimalYaml("big") + "description: " + "d".repeat(300_000) + "\n",
            "is larger than 256 KiB (262144 bytes of UTF-8)");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Api.Res res = s.api().post(VALIDATE, yaml(c.getKey()));
      assertEquals(200, res.status(), res.toString());
      assertFalse(res.json().path("valid").asBoolean(), res.toString());
      JsonNode errors = res.json().path("errors");
      assertEquals(1, errors.size(), res.toString());
      assertEquals(c.getValue(), errors.get(0).path("message").asText(), res.toString());
      assertNoLeak(res);
    }
    Api.Res dup = s.api().post(VALIDATE, json("{\"name\": \"a\",\n\"name\": \"b\"}"));
    assertEquals(200, dup.status());
    JsonNode e = dup.json().path("errors").get(0);
    assertEquals(2, e.path("line").asInt(), dup.toString());
    Api.Res trailing = s.api().post(VALIDATE, json("{} []"));
    assertFalse(trailing.json().path("valid").asBoolean(), trailing.toString());
  }

  @Test
  void contentAndFormatMustBePresentAndOfTheirKind() {
    Session s = Accounts.newUser("agents-body");
    for (String path : List.of(VALIDATE, AGENTS)) {
      assertInvalid(s.api().post(path, Map.of("format", "yaml")), "content");
      assertInvalid(s.api().post(path, Map.of("content", "name: a")), "format");
      assertInvalid(s.api().post(path, Map.of()), "content", "format");
      Map<String, Object> nulls = new HashMap<>();
      nulls.put("content", null);
      nulls.put("format", null);
      assertInvalid(s.api().post(path, nulls), "content", "format");
      assertInvalid(s.api().post(path, Map.of("content", 42, "format", "yaml")), "content");
      assertInvalid(
          s.api().post(path, Map.of("content", Map.of("name", "a"), "format", "json")), "content");
      assertInvalid(s.api().post(path, Map.of("content", List.of(), "format", "yaml")), "content");
      assertInvalid(s.api().post(path, Map.of("content", "name: a", "format", "xml")), "format");
      assertInvalid(s.api().post(path, Map.of("content", "name: a", "format", "YAML")), "format");
      assertInvalid(s.api().post(path, Map.of("content", "name: a", "format", true)), "format");
      assertProblem(s.api().post(path, "{\"content\": "), 400, "malformed_json");
      assertEquals(400, s.api().send("POST", path, "", "application/json").status());
      assertEquals(400, s.api().post(path, "[1, 2]").status());
      assertProblem(
          s.api().send("POST", path, "name: a", "text/plain"), 415, "unsupported_media_type");
    }
    // unknown members of the request body are ignored, as everywhere
    Api.Res extra =
        s.api().post(VALIDATE, Map.of("content", minimalYaml("x"), "format", "yaml", "other", 1));
    assertTrue(extra.json().path("valid").asBoolean(), extra.toString());
    assertEquals(0, s.api().get(AGENTS).json().path("total").asInt());
  }

  @Test
  void createRefusesAnInvalidSpecFieldByField() {
    Session s = Accounts.newUser("agents-invalid");
    Api.Res res =
        s.api()
            .post(
                AGENTS, yaml("name: helper\nmodel: nope\ninstructions: hi\ntools: [a, b, Bad]\n"));
    assertInvalid(res, "spec/model", "spec/tools/2");
    JsonNode tool = null;
    for (JsonNode e : res.json().path("errors")) {
      if ("spec/tools/2".equals(e.path("field").asText())) {
        tool = e;
      }
    }
    assertTrue(tool.path("message").asText().contains("line 4, column 15"), res.toString());
    assertInvalid(
        s.api().post(AGENTS, yaml("name: [x]\n")), "spec/name", "spec/model", "spec/instructions");
    assertInvalid(s.api().post(AGENTS, yaml("a: [")), "spec");
    assertInvalid(
        s.api().post(AGENTS, json("{\"name\": 1}")),
        "spec/name",
        "spec/model",
        "spec/instructions");
    assertInvalid(s.api().post(AGENTS, yaml(minimalYaml("schema"))), "spec/name");
    assertInvalid(s.api().post(AGENTS, yaml(minimalYaml("validate"))), "spec/name");
    assertEquals(0, s.api().get(AGENTS).json().path("total").asInt(), "nothing was created");
  }

  @Test
  void aNameIsTakenOncePerWorkspace() throws Exception {
    Session s = Accounts.newUser("agents-dup");
    JsonNode first = create(s, yaml(minimalYaml("taken")));
    assertProblem(s.api().post(AGENTS, yaml(minimalYaml("taken"))), 409, "agent_exists");
    assertProblem(
        s.api().post(AGENTS, json("{\"name\":\"taken\",\"model\":\"p:m\",\"instructions\":\"i\"}")),
        409,
        "agent_exists");
    assertEquals(1, s.api().get(AGENTS).json().path("total").asInt());
    assertEquals(first, s.api().get(AGENTS + "/taken").json());

    // the same name in another workspace is another agent
    Session other = Accounts.newUser("agents-dup-other");
    JsonNode theirs = create(other, yaml(minimalYaml("taken")));
    assertFalse(first.path("id").asText().equals(theirs.path("id").asText()));

    // concurrent creates of one name: one agent, the others are told it exists
    List<Api.Res> results =
        Concurrently.times(6, () -> s.api().post(AGENTS, yaml(minimalYaml("raced"))));
    int created = 0;
    for (Api.Res r : results) {
      if (r.status() == 201) {
        created++;
      } else {
        assertProblem(r, 409, "agent_exists");
      }
    }
    assertEquals(1, created, results.toString());
    assertEquals(2, s.api().get(AGENTS).json().path("total").asInt());
  }

  @Test
  void putReplacesTheSpec() throws Exception {
    Session s = Accounts.newUser("agents-put");
    JsonNode before = create(s, yaml(PLANNER_YAML));
    Thread.sleep(5);
    String content =
        "{\"name\": \"day-planner\", \"model\": \"anthropic:claude-sonnet-4-6\","
            + " \"instructions\": \"Plan the week.\"}";
    Api.Res put = s.api().put(AGENTS + "/day-planner", json(content));
    assertEquals(200, put.status(), put.toString());
    JsonNode after = put.json();
    assertEquals(before.path("id"), after.path("id"));
    assertEquals(before.path("created_at"), after.path("created_at"));
    assertEquals(before.path("created_by"), after.path("created_by"));
    assertTrue(
        Instant.parse(after.path("updated_at").asText())
            .isAfter(Instant.parse(before.path("updated_at").asText())),
        after.toString());
    assertEquals("json", after.path("format").asText());
    assertEquals(content, after.path("content").asText());
    assertEquals("anthropic:claude-sonnet-4-6", after.path("model").asText());
    assertTrue(after.path("description").isNull(), "replaced, not merged: " + after);
    assertEquals(0, after.path("tools").size());
    assertEquals(20, after.path("max_steps").asInt());
    assertTrue(after.path("token_budget").isNull(), after.toString());
    assertEquals(after, s.api().get(AGENTS + "/day-planner").json());

    // the name inside must be the name in the path
    assertInvalid(s.api().put(AGENTS + "/day-planner", yaml(minimalYaml("renamed"))), "spec/name");
    assertProblem(s.api().get(AGENTS + "/renamed"), 404, "not_found");
    // an invalid spec, a bad body, and an agent that is not there
    assertInvalid(
        s.api().put(AGENTS + "/day-planner", yaml(minimalYaml("day-planner") + "max_steps: 0\n")),
        "spec/max_steps");
    assertInvalid(s.api().put(AGENTS + "/day-planner", Map.of("content", "x")), "format");
    assertProblem(s.api().put(AGENTS + "/day-planner", "{"), 400, "malformed_json");
    assertProblem(s.api().put(AGENTS + "/nobody", yaml(minimalYaml("nobody"))), 404, "not_found");
    assertEquals(after, s.api().get(AGENTS + "/day-planner").json(), "nothing changed");
  }

  @Test
  void deleteAnswers204ThenNotFound() {
    Session s = Accounts.newUser("agents-delete");
    create(s, yaml(minimalYaml("doomed")));
    create(s, yaml(minimalYaml("kept")));
    Api.Res del = s.api().delete(AGENTS + "/doomed");
    assertEquals(204, del.status(), del.toString());
    assertTrue(del.text().isEmpty(), del.text());
    assertProblem(s.api().get(AGENTS + "/doomed"), 404, "not_found");
    assertProblem(s.api().delete(AGENTS + "/doomed"), 404, "not_found");
    assertProblem(s.api().put(AGENTS + "/doomed", yaml(minimalYaml("doomed"))), 404, "not_found");
    assertEquals(List.of("kept"), texts(s.api().get(AGENTS).json().path("items"), "name"));
    // the name is free again
    assertEquals(201, s.api().post(AGENTS, yaml(minimalYaml("doomed"))).status());
  }

  @Test
  void listIsByNamePagedAndSearchable() {
    Session s = Accounts.newUser("agents-list");
    Api.Res empty = s.api().get(AGENTS);
    assertEquals(200, empty.status(), empty.toString());
    assertEquals(Set.of("items", "total", "limit", "offset"), names(empty.json().fieldNames()));
    assertEquals(0, empty.json().path("total").asInt());
    assertEquals(50, empty.json().path("limit").asInt());
    for (String name : List.of("delta", "alpha", "charlie", "bravo")) {
      create(s, yaml(minimalYaml(name)));
    }
    create(s, yaml(minimalYaml("echo") + "description: Sends 100% of the mail_merge\n"));
    JsonNode all = s.api().get(AGENTS).json();
    assertEquals(5, all.path("total").asInt());
    assertEquals(
        List.of("alpha", "bravo", "charlie", "delta", "echo"), texts(all.path("items"), "name"));
    assertEquals(VIEW_FIELDS, names(all.path("items").get(0).fieldNames()));
    JsonNode page = s.api().get(AGENTS + "?limit=2&offset=1").json();
    assertEquals(List.of("bravo", "charlie"), texts(page.path("items"), "name"));
    assertEquals(5, page.path("total").asInt());
    assertEquals(2, page.path("limit").asInt());
    assertEquals(1, page.path("offset").asInt());
    assertEquals(
        List.of("charlie"), texts(s.api().get(AGENTS + "?q=ARL").json().path("items"), "name"));
    JsonNode byDescription = s.api().get(AGENTS + "?q=mail").json();
    assertEquals(List.of("echo"), texts(byDescription.path("items"), "name"));
    assertEquals(1, s.api().get(AGENTS + "?q=%25").json().path("total").asInt(), "% is literal");
    assertEquals(1, s.api().get(AGENTS + "?q=_").json().path("total").asInt(), "_ is literal");
    assertEquals(0, s.api().get(AGENTS + "?q=zzz").json().path("total").asInt());
    for (String bad : List.of("limit=0", "limit=501", "limit=x", "offset=-1")) {
      assertProblem(s.api().get(AGENTS + "?" + bad), 422, "validation_error");
    }
    assertInvalid(s.api().get(AGENTS + "?q=" + "q".repeat(201)), "q");
  }

  @Test
  void schemaIsPublishedToEveryMember() {
    Session admin = Accounts.newUser("agents-schema");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("agents-schema-viewer"), "viewer");
    Api.Res res = viewer.api().get(AGENTS + "/schema");
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.header("Content-Type").startsWith("application/json"), res.headers().toString());
    JsonNode schema = res.json();
    assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    assertEquals("object", schema.path("type").asText());
    assertFalse(schema.path("additionalProperties").asBoolean(true));
    assertEquals(
        Set.of(
            "name",
            "description",
            "model",
            "instructions",
            "tools",
            "max_steps",
            "temperature",
            "token_budget",
            "approval_required",
            "labels"),
        names(schema.path("properties").fieldNames()));
    assertEquals(
        Set.of("name", "model", "instructions"),
        new TreeSet<>(texts(schema.path("required"), null)));
    assertProblem(Api.anonymous().get(AGENTS + "/schema"), 401, "unauthorized");
  }

  @Test
  void viewersReadAndValidateOperatorsWrite() {
    Session admin = Accounts.newUser("agents-roles");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("agents-roles-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("agents-roles-op"), "operator");
    create(admin, yaml(minimalYaml("shared")));

    assertEquals(200, viewer.api().get(AGENTS).status());
    assertEquals(200, viewer.api().get(AGENTS + "/shared").status());
    assertEquals(200, viewer.api().post(VALIDATE, yaml(minimalYaml("x"))).status());
    assertProblem(viewer.api().post(AGENTS, yaml(minimalYaml("nope"))), 403, "forbidden");
    assertProblem(
        viewer.api().put(AGENTS + "/shared", yaml(minimalYaml("shared"))), 403, "forbidden");
    assertProblem(viewer.api().delete(AGENTS + "/shared"), 403, "forbidden");
    // the role is checked before the body is read
    assertProblem(viewer.api().post(AGENTS, "{not json"), 403, "forbidden");

    JsonNode made = create(operator, yaml(minimalYaml("operated")));
    assertEquals(operator.userId(), made.path("created_by").asText());
    assertEquals(
        200,
        operator
            .api()
            .put(AGENTS + "/shared", yaml(PLANNER_YAML.replace("day-planner", "shared")))
            .status());
    assertEquals(204, operator.api().delete(AGENTS + "/operated").status());

    Api viewerKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "viewer"));
    assertEquals(200, viewerKey.get(AGENTS + "/shared").status());
    assertProblem(viewerKey.post(AGENTS, yaml(minimalYaml("key"))), 403, "forbidden");
    Api operatorKey = Api.anonymous().withApiKey(Accounts.apiKey(admin, "operator"));
    assertEquals(201, operatorKey.post(AGENTS, yaml(minimalYaml("key"))).status());

    Api anon = Api.anonymous();
    assertProblem(anon.get(AGENTS), 401, "unauthorized");
    assertProblem(anon.get(AGENTS + "/shared"), 401, "unauthorized");
    assertProblem(anon.post(AGENTS, yaml(minimalYaml("anon"))), 401, "unauthorized");
    assertProblem(anon.post(VALIDATE, yaml(minimalYaml("anon"))), 401, "unauthorized");
    assertProblem(anon.put(AGENTS + "/shared", yaml(minimalYaml("shared"))), 401, "unauthorized");
    assertProblem(anon.delete(AGENTS + "/shared"), 401, "unauthorized");
    assertProblem(anon.withToken("not-a-token").get(AGENTS), 401, "unauthorized");
  }

  @Test
  void anotherWorkspacesAgentIsNotFound() {
    Session alice = Accounts.newUser("agents-iso-alice");
    Session bob = Accounts.newUser("agents-iso-bob");
    JsonNode hers = create(alice, yaml(minimalYaml("private-agent") + "description: secret\n"));
    assertProblem(bob.api().get(AGENTS + "/private-agent"), 404, "not_found");
    assertProblem(
        bob.api().put(AGENTS + "/private-agent", yaml(minimalYaml("private-agent"))),
        404,
        "not_found");
    assertProblem(bob.api().delete(AGENTS + "/private-agent"), 404, "not_found");
    JsonNode bobs = bob.api().get(AGENTS + "?q=secret").json();
    assertEquals(0, bobs.path("total").asInt(), bobs.toString());
    assertEquals(0, bob.api().get(AGENTS).json().path("total").asInt());
    assertEquals(hers, alice.api().get(AGENTS + "/private-agent").json(), "untouched");
  }

  @Test
  void idempotencyKeyOnCreate() {
    Session s = Accounts.newUser("agents-idem");
    Api api = s.api().withHeader("Idempotency-Key", UUID.randomUUID().toString());
    Map<String, Object> body = yaml(minimalYaml("once"));
    Api.Res first = api.post(AGENTS, body);
    assertEquals(201, first.status(), first.toString());
    assertNull(first.header("Idempotent-Replayed"));
    Api.Res again = api.post(AGENTS, body);
    assertEquals(201, again.status(), again.toString());
    assertEquals("true", again.header("Idempotent-Replayed"));
    assertEquals(first.json(), again.json());
    assertEquals(1, s.api().get(AGENTS).json().path("total").asInt());
    assertProblem(api.post(AGENTS, yaml(minimalYaml("twice"))), 422, "idempotency_key_reused");
    // without a key, the same body is a second create: the name is taken
    assertProblem(s.api().post(AGENTS, body), 409, "agent_exists");
  }

  @Test
  void changesAreAudited() {
    Session s = Accounts.newUser("agents-audit");
    String id = create(s, yaml(minimalYaml("audited"))).path("id").asText();
    assertEquals(200, s.api().put(AGENTS + "/audited", yaml(minimalYaml("audited"))).status());
    assertEquals(204, s.api().delete(AGENTS + "/audited").status());
    for (String action : List.of("agent.created", "agent.updated", "agent.deleted")) {
      Api.Res res = s.api().get("/api/v1/audit-events?limit=500&action=" + action);
      assertEquals(200, res.status(), res.toString());
      List<JsonNode> found = new ArrayList<>();
      res.json()
          .path("items")
          .forEach(
              e -> {
                if (id.equals(e.path("target_id").asText())) {
                  found.add(e);
                }
              });
      assertEquals(1, found.size(), action + ": " + res);
      assertEquals("agent", found.get(0).path("target_type").asText());
      assertEquals(s.email(), found.get(0).path("actor_email").asText());
    }
  }

  @Test
  void theOperationsAreDocumented() {
    JsonNode doc = Api.anonymous().get("/openapi.json", "application/json", true).json();
    JsonNode paths = doc.path("paths");
    assertEquals(Set.of("get", "post"), methods(paths.path(AGENTS)));
    assertEquals(Set.of("get", "put", "delete"), methods(paths.path(AGENTS + "/{name}")));
    assertEquals(Set.of("post"), methods(paths.path(VALIDATE)));
    assertEquals(Set.of("get"), methods(paths.path(AGENTS + "/schema")));
    for (String path : List.of(AGENTS, VALIDATE, AGENTS + "/{name}")) {
      String method = path.endsWith("}") ? "put" : "post";
      JsonNode body =
          resolve(
              doc,
              paths
                  .path(path)
                  .path(method)
                  .path("requestBody")
                  .path("content")
                  .path("application/json")
                  .path("schema"));
      assertEquals("object", body.path("type").asText(), path + ": " + body);
      assertEquals(Set.of("content", "format"), names(body.path("properties").fieldNames()));
    }

    // what the document says an agent is, is what the server sends
    Session s = Accounts.newUser("agents-docs");
    JsonNode sent = create(s, yaml(PLANNER_YAML));
    for (String method : List.of("get", "put")) {
      JsonNode view = success(doc, paths.path(AGENTS + "/{name}").path(method));
      assertEquals(names(sent.fieldNames()), names(view.path("properties").fieldNames()), method);
    }
    JsonNode validation = success(doc, paths.path(VALIDATE).path("post"));
    Api.Res validated = s.api().post(VALIDATE, yaml(PLANNER_YAML));
    assertEquals(
        names(validated.json().fieldNames()), names(validation.path("properties").fieldNames()));
  }

  /** The schema of an operation's success response. */
  private static JsonNode success(JsonNode doc, JsonNode operation) {
    JsonNode responses = operation.path("responses");
    for (String status : List.of("200", "201", "default")) {
      JsonNode schema =
          responses.path(status).path("content").path("application/json").path("schema");
      if (!schema.isMissingNode()) {
        return resolve(doc, schema);
      }
    }
    throw new AssertionError("no success schema: " + responses);
  }

  private static Set<String> methods(JsonNode pathItem) {
    Set<String> out = new TreeSet<>(names(pathItem.fieldNames()));
    out.retainAll(Set.of("get", "post", "put", "patch", "delete"));
    return out;
  }

  private static JsonNode resolve(JsonNode doc, JsonNode schema) {
    String ref = schema.path("$ref").asText(null);
    if (ref == null) {
      return schema;
    }
    return doc.path("components")
        .path("schemas")
        .path(ref.substring("#/components/schemas/".length()));
  }
}
