package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The tool catalog: {@code GET /api/v1/tools}. */
@ExtendWith(AtelierServer.class)
class ToolsIT {

  private static final String TOOLS = "/api/v1/tools";

  private static final Map<String, Boolean> BUILT_INS =
      Map.of(
          "delete_file", false,
          "edit_file", false,
          "git_commit", false,
          "git_diff", true,
          "git_status", true,
          "list_files", true,
          "read_file", true,
          "search_files", true,
          "write_file", false);

  private static JsonNode tool(JsonNode items, String name) {
    for (JsonNode t : items) {
      if (name.equals(t.path("name").asText())) {
        return t;
      }
    }
    throw new AssertionError("no tool " + name + " in " + items);
  }

  @Test
  void listsTheBuiltInToolsWithTheirSchemasAsObjects() {
    Session s = Accounts.newUser("tools-list");
    Api.Res res = s.api().get(TOOLS);
    assertEquals(200, res.status(), res.toString());
    JsonNode page = res.json();
    JsonNode items = page.path("items");
    assertTrue(items.size() >= BUILT_INS.size(), res.toString());
    assertEquals(items.size(), page.path("total").asInt());
    List<String> names = new ArrayList<>();
    items.forEach(t -> names.add(t.path("name").asText()));
    assertEquals(names.stream().sorted().toList(), names, "by name");

    BUILT_INS.forEach(
        (name, readOnly) -> {
          JsonNode t = tool(items, name);
          assertEquals(
              Set.of(
                  "name",
                  "description",
                  "input_schema",
                  "read_only",
                  "requires_approval",
                  "source"),
              fieldNames(t));
          assertEquals("builtin", t.path("source").asText(), t.toString());
          assertEquals(readOnly, t.path("read_only").asBoolean(), t.toString());
          assertFalse(t.path("requires_approval").asBoolean(), t.toString());
          assertFalse(t.path("description").asText().isBlank(), t.toString());
          JsonNode schema = t.path("input_schema");
          assertTrue(schema.isObject(), name + ": the schema is an object, not text: " + t);
          assertEquals("object", schema.path("type").asText(), t.toString());
          assertTrue(schema.path("properties").isObject(), t.toString());
          assertFalse(schema.path("additionalProperties").asBoolean(true), t.toString());
        });
    JsonNode read = tool(items, "read_file").path("input_schema");
    assertEquals("path", read.path("required").path(0).asText(), read.toString());
    assertEquals("integer", read.path("properties").path("offset_line").path("type").asText());
    JsonNode edit = tool(items, "edit_file").path("input_schema");
    assertEquals(
        Set.of("path", "old_text", "new_text", "replace_all"), fieldNames(edit.path("properties")));
    JsonNode search = tool(items, "search_files").path("input_schema");
    assertEquals(
        Set.of("pattern", "path", "literal", "max_results"), fieldNames(search.path("properties")));
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> out = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void isPagedLikeEveryList() {
    Session s = Accounts.newUser("tools-page");
    JsonNode all = s.api().get(TOOLS).json();
    JsonNode page = s.api().get(TOOLS + "?limit=2&offset=1").json();
    assertEquals(2, page.path("items").size(), page.toString());
    assertEquals(all.path("total"), page.path("total"));
    assertEquals(2, page.path("limit").asInt());
    assertEquals(1, page.path("offset").asInt());
    assertEquals(all.path("items").path(1), page.path("items").path(0));
    assertInvalid(s.api().get(TOOLS + "?limit=0"), "limit");
    assertInvalid(s.api().get(TOOLS + "?offset=-1"), "offset");
  }

  @Test
  void anyMemberMayReadTheCatalogAndNobodyElse() {
    Session admin = Accounts.newUser("tools-admin");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("tools-viewer"), "viewer");
    Api.Res seen = viewer.api().get(TOOLS);
    assertEquals(200, seen.status(), seen.toString());
    assertEquals(admin.api().get(TOOLS).json(), seen.json());
    String key = Accounts.apiKey(admin, "viewer");
    assertEquals(200, Api.anonymous().withApiKey(key).get(TOOLS).status());
    assertProblem(Api.anonymous().get(TOOLS), 401, "unauthorized");
    assertProblem(Api.anonymous().withToken("not-a-token").get(TOOLS), 401, "unauthorized");
    assertProblem(admin.api().post(TOOLS, Map.of("name", "x")), 405, "method_not_allowed");
  }
}
