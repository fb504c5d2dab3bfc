package dev.atelier.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolSchemasTest {

  private final ToolSchemas schemas = new ToolSchemas();
  private final String readFile = new ReadFileTool().inputSchema();

  private List<String> check(String schema, String args) {
    return schemas.check(schema, ToolSchemas.arguments(args));
  }

  @Test
  void acceptsArgumentsThatFit() {
    assertEquals(List.of(), check(readFile, "{\"path\":\"a.txt\"}"));
    assertEquals(
        List.of(), check(readFile, "{\"path\":\"a\",\"offset_line\":2,\"limit_lines\":9}"));
  }

  @Test
  void describesWhatIsWrong() {
    List<String> missing = check(readFile, "{}");
    assertEquals(1, missing.size(), missing.toString());
    assertTrue(missing.get(0).contains("path"), missing.toString());

    List<String> types = check(readFile, "{\"path\":7,\"offset_line\":\"one\"}");
    assertEquals(2, types.size(), types.toString());
    assertTrue(
        types.stream().anyMatch(m -> m.contains("$.path") && m.contains("string")),
        types.toString());
    assertTrue(
        types.stream().anyMatch(m -> m.contains("$.offset_line") && m.contains("integer")),
        types.toString());

    List<String> range = check(readFile, "{\"path\":\"a\",\"offset_line\":0}");
    assertTrue(range.get(0).contains("$.offset_line"), range.toString());

    List<String> unknown = check(readFile, "{\"path\":\"a\",\"colour\":\"red\"}");
    assertTrue(unknown.get(0).contains("colour"), unknown.toString());

    assertFalse(check(readFile, "[1,2]").isEmpty(), "an array is not an arguments object");
  }

  @Test
  void everyBuiltInSchemaCompiles() {
    for (FileTool tool :
        List.of(
            new ListFilesTool(),
            new ReadFileTool(),
            new WriteFileTool(),
            new EditFileTool(),
            new SearchFilesTool(),
            new DeleteFileTool())) {
      schemas.compile(tool.inputSchema());
      assertTrue(tool.inputSchema().contains("\"additionalProperties\": false"), tool.name());
    }
  }

  @Test
  void knowsTheDialectsWithoutFetchingThem() {
    for (String dialect :
        List.of(
            "https://json-schema.org/draft/2020-12/schema",
            "http://json-schema.org/draft-07/schema#")) {
      String schema =
          "{\"$schema\":\""
              + dialect
              + "\",\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}";
      assertEquals(List.of(), check(schema, "{\"n\":1}"), dialect);
      assertEquals(1, check(schema, "{\"n\":\"one\"}").size(), dialect);
    }
  }

  @Test
  void refusesTextThatIsNotOneJsonValue() {
    assertThrows(IllegalArgumentException.class, () -> ToolSchemas.arguments("{\"a\":"));
    assertThrows(IllegalArgumentException.class, () -> ToolSchemas.arguments("{} {}"));
    assertThrows(IllegalArgumentException.class, () -> ToolSchemas.arguments("{\"a\":1}}"));
    assertEquals("{}", ToolSchemas.arguments(null).toString());
    assertEquals("{}", ToolSchemas.arguments(" ").toString());
  }

  @Test
  void refusesSchemasThatAreNotSchemas() {
    assertThrows(IllegalArgumentException.class, () -> schemas.compile("not json"));
    assertThrows(IllegalArgumentException.class, () -> schemas.compile("[]"));
  }

  @Test
  void neverLoadsASchemaFromElsewhere() {
    String remote =
        "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"https://example.com/s.json\"}}}";
    long t0 = System.nanoTime();
    assertThrows(IllegalArgumentException.class, () -> schemas.compile(remote));
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 5_000, "it must not wait for a network");
    String local =
        "{\"$defs\":{\"n\":{\"type\":\"integer\"}},\"type\":\"object\","
            + "\"properties\":{\"a\":{\"$ref\":\"#/$defs/n\"}}}";
    assertEquals(List.of(), check(local, "{\"a\":1}"));
    assertEquals(1, check(local, "{\"a\":\"x\"}").size());
  }
}
