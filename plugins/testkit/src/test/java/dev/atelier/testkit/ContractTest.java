package dev.atelier.testkit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks of a response against a small document. */
class ContractTest {

  private static final String DOC =
      """
      {"openapi": "3.1.0",
       "paths": {
        "/api/v1/projects/{id}": {
          "get": {"operationId": "get", "responses": {
            "200": {"description": "ok", "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/Project"}}}},
            "404": {"description": "no", "content": {"application/problem+json": {
              "schema": {"type": "object"}}}}}},
          "delete": {"operationId": "delete", "responses": {
            "204": {"description": "deleted"}}}},
        "/api/v1/projects/{id}/files/{path}": {
          "get": {"operationId": "read", "responses": {
            "200": {"description": "ok", "content": {"application/json": {
              "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Project"}}}}}}}},
        "/api/v1/projects/{id}/files/directory": {
          "get": {"operationId": "directory", "responses": {
            "default": {"description": "any", "content": {"*/*": {}}}}}}},
       "components": {"schemas": {"Project": {"type": "object",
         "properties": {
           "id": {"type": "string"},
           "description": {"type": ["string", "null"]},
           "created_at": {"type": "string", "format": "date-time"}},
         "required": ["id", "description", "created_at"]}}}}
      """;

  private static final Map<String, List<String>> JSON =
      Map.of("Content-Type", List.of("application/json; charset=UTF-8"));

  private final Contract contract = contract();

  private static Contract contract() {
    try {
      return new Contract(new ObjectMapper().readTree(DOC));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String check(
      String method, String path, int status, Map<String, List<String>> h, String body) {
    return contract.violation(method, path, new Api.Res(status, h, body));
  }

  @Test
  void aBodyTheSchemaAllowsPasses() {
    assertNull(
        check(
            "GET",
            "/api/v1/projects/p1",
            200,
            JSON,
            "{\"id\":\"p1\",\"description\":null,\"created_at\":\"2026-01-02T03:04:05.678Z\"}"));
  }

  @Test
  void nullsTypesFormatsAndRequiredPropertiesAreChecked() {
    String v = check("GET", "/api/v1/projects/p1", 200, JSON, "{\"id\":null,\"created_at\":\"x\"}");
    assertNotNull(v);
    assertTrue(v.contains("GET /api/v1/projects/{id} (get)"), v);
    assertTrue(v.contains("/id"), v);
    assertTrue(v.contains("description"), v);
    assertTrue(v.contains("date-time"), v);
  }

  @Test
  void undocumentedStatusesBodiesAndMediaTypesAreViolations() {
    assertTrue(
        check("GET", "/api/v1/projects/p1", 409, JSON, "{}").contains("409 is not documented"));
    assertTrue(
        check("DELETE", "/api/v1/projects/p1", 204, JSON, "{}").contains("a body where none"));
    assertNull(check("DELETE", "/api/v1/projects/p1", 204, Map.of(), ""));
    assertTrue(
        check("GET", "/api/v1/projects/p1", 404, JSON, "{}")
            .contains("media type 'application/json'"));
  }

  @Test
  void aPathParameterMaySpanSlashesAndLiteralSegmentsWin() {
    assertTrue(
        check("GET", "/api/v1/projects/p1/files/a/b/c.txt", 200, JSON, "[{}]").contains("(read)"));
    assertNull(check("GET", "/api/v1/projects/p1/files/directory", 200, Map.of(), "anything"));
  }

  @Test
  void pathsTheDocumentDoesNotHaveAreNotChecked() {
    assertNull(check("GET", "/docs", 200, Map.of("Content-Type", List.of("text/html")), "<html>"));
    assertNull(check("POST", "/api/v1/projects/p1", 405, JSON, "{}"));
  }
}
