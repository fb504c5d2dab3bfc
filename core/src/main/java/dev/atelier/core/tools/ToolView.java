package dev.atelier.core.tools;

import static dev.atelier.core.api.JsonP.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;

/** A tool, with its input schema as a JSON object. */
public record ToolView(
    String name,
    String description,
    JsonObject inputSchema,
    boolean readOnly,
    boolean requiresApproval,
    String source) {

  static ToolView of(ToolDescriptor d) {
    try (JsonReader reader = JSON.createReader(new StringReader(d.inputSchema()))) {
      return new ToolView(
          d.name(),
          d.description(),
          reader.readObject(),
          d.readOnly(),
          d.requiresApproval(),
          d.source());
    }
  }
}
