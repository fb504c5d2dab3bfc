package dev.atelier.test.greeter;

import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.tool.AgentTool;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/** An agent tool that greets someone and says which call, run and workspace it served. */
@Extension
public class GreetTool implements AgentTool {

  private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

  @Override
  public String name() {
    return "greet";
  }

  @Override
  public String description() {
    return "Greets someone by name.";
  }

  @Override
  public String inputSchema() {
    return "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1}},"
        + "\"required\":[\"name\"],\"additionalProperties\":false}";
  }

  @Override
  public ToolResult invoke(PluginSession session, ToolInvocation invocation) {
    Matcher m = NAME.matcher(invocation.argumentsJson());
    String name = m.find() ? m.group(1) : "?";
    return ToolResult.ok(
        "Hello, "
            + name
            + "! call="
            + invocation.callId()
            + " run="
            + invocation.runId()
            + " tenant="
            + session.tenantId());
  }
}
