package dev.atelier.plugin.api.tool;

/**
 * What a tool call returns to the model: text (often JSON) and whether it is an error the model
 * should see and may correct.
 *
 * @since 1.0.0
 */
public record ToolResult(String content, boolean isError) {

  public static ToolResult ok(String content) {
    return new ToolResult(content, false);
  }

  public static ToolResult error(String message) {
    return new ToolResult(message, true);
  }
}
