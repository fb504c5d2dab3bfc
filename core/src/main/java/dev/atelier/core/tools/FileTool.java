package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.plugin.api.tool.ToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A built-in tool on the files of the run's project. It goes through {@link ProjectFiles}, as the
 * HTTP API does, so paths, limits and atomic writes are the same; its input schema is the resource
 * {@code <name>.schema.json} beside this class.
 */
abstract class FileTool {

  private final String name;
  private final String description;
  private final boolean readOnly;
  private final String inputSchema;

  FileTool(String name, String description, boolean readOnly) {
    this.name = name;
    this.description = description;
    this.readOnly = readOnly;
    this.inputSchema = resource(name + ".schema.json");
  }

  private static String resource(String file) {
    try (InputStream in = FileTool.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  String description() {
    return description;
  }

  boolean readOnly() {
    return readOnly;
  }

  String inputSchema() {
    return inputSchema;
  }

  /**
   * Runs one call on project {@code projectId} of {@code tenantId} with arguments that fit the
   * schema. A {@link dev.atelier.plugin.api.web.ProblemException} it throws reaches the model as an
   * error result with its detail.
   */
  abstract ToolResult run(ProjectFiles files, String tenantId, String projectId, JsonNode args);

  static String text(JsonNode args, String field) {
    JsonNode v = args.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static boolean flag(JsonNode args, String field) {
    return args.path(field).asBoolean(false);
  }

  static int number(JsonNode args, String field, int fallback) {
    JsonNode v = args.get(field);
    return v == null || v.isNull() ? fallback : v.asInt();
  }
}
