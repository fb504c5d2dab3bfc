package dev.atelier.core.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.api.RestApplication;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The document of the core's resources, checked for what every OpenAPI tool relies on. */
class OpenApiGeneratorTest {

  private static final JsonNode DOC = document();

  private static JsonNode document() {
    List<OpenApiGenerator.Resource> resources = new ArrayList<>();
    RestApplication.RESOURCES.forEach(r -> resources.add(new OpenApiGenerator.Resource(r, null)));
    ObjectNode info = JsonNodeFactory.instance.objectNode().put("title", "t").put("version", "v");
    return new OpenApiGenerator().generate(info, resources);
  }

  private static List<JsonNode> operations() {
    List<JsonNode> out = new ArrayList<>();
    DOC.path("paths").forEach(item -> item.forEach(out::add));
    return out;
  }

  @Test
  void isAnOpenApi31DocumentServedFromTheSameOrigin() {
    assertEquals("3.1.0", DOC.path("openapi").asText());
    assertEquals("/", DOC.path("servers").get(0).path("url").asText());
    assertTrue(DOC.path("paths").has("/api/v1/projects"));
    assertTrue(DOC.path("paths").has("/api/v1/projects/{id}"));
    assertFalse(DOC.path("paths").has("/openapi.json"), "hidden operations stay out");
  }

  @Test
  void operationIdsAndTagsAreUnique() {
    Set<String> ids = new HashSet<>();
    for (JsonNode op : operations()) {
      String id = op.path("operationId").asText();
      assertFalse(id.isBlank(), op.toString());
      assertTrue(ids.add(id), "operationId " + id + " twice");
    }
    Set<String> tags = new HashSet<>();
    DOC.path("tags").forEach(t -> assertTrue(tags.add(t.path("name").asText()), t.toString()));
    for (JsonNode op : operations()) {
      assertTrue(tags.contains(op.path("tags").get(0).asText()), op.toString());
    }
  }

  @Test
  void operationIdsAreVerbNounAndTagsAreDescribed() {
    Pattern verbNoun = Pattern.compile("[a-z]+(?:[A-Z][a-z0-9]*)+");
    for (JsonNode op : operations()) {
      String id = op.path("operationId").asText();
      assertTrue(verbNoun.matcher(id).matches(), "operationId " + id + " is not verbNoun");
      assertFalse(op.path("description").asText().isBlank(), id);
    }
    assertEquals("createProject", DOC.at("/paths/~1api~1v1~1projects/post/operationId").asText());
    assertEquals("listProjects", DOC.at("/paths/~1api~1v1~1projects/get/operationId").asText());
    assertEquals("listRuns", DOC.at("/paths/~1api~1v1~1runs/get/operationId").asText());
    assertEquals(
        "cancelRun", DOC.at("/paths/~1api~1v1~1runs~1{id}~1cancel/post/operationId").asText());
    DOC.path("tags")
        .forEach(t -> assertFalse(t.path("description").asText().isBlank(), t.toString()));
  }

  @Test
  void everyParameterIsDescribedAndPagingIsTyped() {
    for (JsonNode op : operations()) {
      for (JsonNode p : op.path("parameters")) {
        String where = op.path("operationId").asText() + " " + p.path("name").asText();
        assertFalse(p.path("description").asText().isBlank(), where);
        assertFalse(p.path("schema").isMissingNode(), where);
        if ("query".equals(p.path("in").asText())
            && Set.of("limit", "offset").contains(p.path("name").asText())) {
          assertEquals("integer", p.path("schema").path("type").asText(), where);
        }
      }
    }
    assertTrue(
        DOC.at("/paths/~1api~1v1~1projects/post/parameters")
            .toString()
            .contains("Idempotency-Key"));
    assertFalse(
        DOC.at("/paths/~1api~1v1~1auth~1login/post").toString().contains("Idempotency-Key"),
        "login is not idempotent");
    // a declared error keeps the success of the return type, and gets the problem schema
    JsonNode update = DOC.at("/paths/~1api~1v1~1projects~1{id}/patch/responses");
    assertTrue(update.path("200").has("content"), update.toString());
    assertEquals(
        "#/components/schemas/Problem",
        update.at("/409/content/application~1problem+json/schema/$ref").asText(),
        update.toString());
    JsonNode usage = DOC.at("/paths/~1api~1v1~1usage/get/parameters");
    assertEquals("date", usage.get(0).path("schema").path("format").asText(), usage.toString());
  }

  @Test
  void everyPathTemplateHasItsParameter() {
    Pattern variable = Pattern.compile("\\{(\\w+)}");
    DOC.path("paths")
        .fields()
        .forEachRemaining(
            e -> {
              Matcher m = variable.matcher(e.getKey());
              while (m.find()) {
                String name = m.group(1);
                e.getValue()
                    .forEach(
                        op -> {
                          boolean declared = false;
                          for (JsonNode p : op.path("parameters")) {
                            declared |=
                                name.equals(p.path("name").asText())
                                    && "path".equals(p.path("in").asText())
                                    && p.path("required").asBoolean();
                          }
                          assertTrue(declared, e.getKey() + " " + op.path("operationId"));
                        });
              }
            });
  }

  /** A plugin's webhook answers whatever the plugin says, a success with a body included. */
  @Test
  void theWebhookRouteDocumentsThePluginsAnswers() {
    JsonNode responses =
        DOC.path("paths").path("/api/v1/webhooks/{plugin}/{name}").path("post").path("responses");
    assertTrue(responses.has("default"), responses.toString());
    assertTrue(responses.path("200").path("content").has("*/*"), responses.toString());
  }

  @Test
  void everyArrayHasItemsAndEveryReferenceResolves() {
    check(DOC);
  }

  private static void check(JsonNode node) {
    if (node.isObject()) {
      if ("array".equals(node.path("type").asText())) {
        assertTrue(node.has("items"), "array without items: " + node);
      }
      if (node.has("$ref")) {
        String ref = node.get("$ref").asText();
        assertTrue(ref.startsWith("#/components/"), ref);
        assertFalse(DOC.at(ref.substring(1)).isMissingNode(), "dangling reference " + ref);
      }
      node.forEach(OpenApiGeneratorTest::check);
    } else if (node.isArray()) {
      node.forEach(OpenApiGeneratorTest::check);
    }
  }

  @Test
  void publicOperationsNeedNoCredentialAndOthersSayTheirErrors() {
    JsonNode login = DOC.path("paths").path("/api/v1/auth/login").path("post");
    assertTrue(
        login.path("security").isArray() && login.path("security").isEmpty(), login.toString());
    JsonNode list = DOC.path("paths").path("/api/v1/projects").path("get");
    assertFalse(list.has("security"), "the document's security applies");
    for (String code : List.of("401", "403", "422", "429", "503")) {
      assertTrue(list.path("responses").has(code), code + " in " + list.path("responses"));
    }
    JsonNode page = list.path("responses").path("200").path("content").path("application/json");
    // a page of records is a named schema, which generated clients turn into a type of its own
    assertEquals("#/components/schemas/ProjectPage", page.path("schema").path("$ref").asText());
    JsonNode named = DOC.path("components").path("schemas").path("ProjectPage");
    assertEquals("array", named.path("properties").path("items").path("type").asText());
    assertEquals(
        "#/components/schemas/ProjectView",
        named.path("properties").path("items").path("items").path("$ref").asText());
  }

  @Test
  void responseRecordsRequireEveryProperty() {
    JsonNode project = DOC.path("components").path("schemas").path("ProjectView");
    assertEquals("object", project.path("type").asText());
    assertTrue(project.path("properties").has("created_at"), project.toString());
    assertEquals(
        project.path("properties").size(), project.path("required").size(), project.toString());
    assertEquals(
        "date-time", project.path("properties").path("created_at").path("format").asText());
  }

  @Test
  void propertiesThatMayBeNullSaySo() {
    JsonNode project = DOC.path("components").path("schemas").path("ProjectView");
    JsonNode description = project.path("properties").path("description").path("type");
    assertEquals("[\"string\",\"null\"]", description.toString(), project.toString());
    assertEquals("string", project.path("properties").path("name").path("type").asText());
  }

  @Test
  void responsesAnsweredWithAResponseDeclareTheirStatusesAndErrorsAreProblems() {
    JsonNode create = DOC.path("paths").path("/api/v1/projects").path("post").path("responses");
    assertEquals(
        "#/components/schemas/ProjectView",
        create
            .path("201")
            .path("content")
            .path("application/json")
            .path("schema")
            .path("$ref")
            .asText(),
        create.toString());
    assertFalse(create.has("200"), create.toString());
    JsonNode delete =
        DOC.path("paths").path("/api/v1/projects/{id}").path("delete").path("responses");
    assertTrue(delete.has("204") && !delete.path("204").has("content"), delete.toString());
    JsonNode update =
        DOC.path("paths").path("/api/v1/tenants/current").path("patch").path("responses");
    assertTrue(update.path("200").path("content").has("application/json"), update.toString());
    assertTrue(
        update.path("409").path("content").has("application/problem+json"), update.toString());
  }

  @Test
  void anEventStreamIsA200OfServerSentEvents() {
    JsonNode events =
        DOC.path("paths").path("/api/v1/runs/{id}/events").path("get").path("responses");
    assertTrue(events.path("200").path("content").has("text/event-stream"), events.toString());
    assertFalse(events.has("204"), events.toString());
  }

  @Test
  void aRecordMayNameItsRequiredProperties() {
    JsonNode rpc = DOC.path("components").path("schemas").path("JsonRpcMessage");
    assertEquals("[\"jsonrpc\"]", rpc.path("required").toString(), rpc.toString());
  }
}
