package dev.atelier.core.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.core.features.Features;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.projects.Projects;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.tool.AgentTool;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog with stand-ins for the plugins' extensions, the feature switches and the projects.
 */
class ToolCatalogTest {

  @TempDir java.nio.file.Path dir;

  private final String tenant = UUID.randomUUID().toString();
  private final String project = UUID.randomUUID().toString();
  private final List<Extensions.Provided<AgentTool>> tools = new ArrayList<>();
  private final Set<String> switchedOff = new HashSet<>();
  private ToolCatalog catalog;

  /** A plugin tool that echoes its arguments, or throws when told to. */
  private record Echo(String name, String schema, RuntimeException failure) implements AgentTool {
    @Override
    public String description() {
      return "Echoes";
    }

    @Override
    public String inputSchema() {
      return schema;
    }

    @Override
    public boolean readOnly() {
      return true;
    }

    @Override
    public ToolResult invoke(PluginSession session, ToolInvocation invocation) {
      if (failure != null) {
        throw failure;
      }
      return ToolResult.ok("echo " + invocation.argumentsJson());
    }
  }

  private static final String TEXT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},"
          + "\"required\":[\"text\"]}";

  @BeforeEach
  void setUp() {
    catalog = new ToolCatalog();
    catalog.plugins =
        new Extensions() {
          @Override
          @SuppressWarnings("unchecked")
          public <T> List<Provided<T>> all(Class<T> type) {
            return type == AgentTool.class ? (List<Provided<T>>) (List<?>) tools : List.of();
          }

          @Override
          public <T> T inSession(
              String pluginId, String tenantId, Function<PluginSession, T> work) {
            return work.apply(null);
          }
        };
    catalog.features =
        new Features() {
          @Override
          public boolean enabled(String tenantId, String key) {
            return !switchedOff.contains(key);
          }
        };
    catalog.projects =
        new Projects() {
          @Override
          public String idOf(String tenantId, String idOrSlug) {
            if (!idOrSlug.equals(project)) {
              throw ProblemException.notFound("The project");
            }
            return idOrSlug;
          }
        };
    catalog.files = new ProjectFiles(dir, new ProjectFiles.Limits(1 << 20, 100, 1 << 24));
  }

  private ToolResult invoke(String name, String args, String projectId) {
    return catalog.invoke(tenant, name, new ToolInvocation(args, "run-1", projectId, "step-1"));
  }

  @Test
  void listsBuiltInsAndSwitchedOnPluginToolsByName() {
    tools.add(new Extensions.Provided<>("web-search", new Echo("query", TEXT_SCHEMA, null)));
    tools.add(new Extensions.Provided<>("vcs", new Echo("status", TEXT_SCHEMA, null)));
    tools.add(new Extensions.Provided<>("bad", new Echo("Not Valid", TEXT_SCHEMA, null)));
    tools.add(new Extensions.Provided<>("bad", new Echo("schema", "not json", null)));
    List<String> names = catalog.list(tenant).stream().map(ToolDescriptor::name).toList();
    assertEquals(
        List.of(
            "delete_file",
            "edit_file",
            "git_commit",
            "git_diff",
            "git_status",
            "list_files",
            "read_file",
            "search_files",
            "vcs_status",
            "web_search_query",
            "write_file"),
        names);
    ToolDescriptor query = catalog.find(tenant, "web_search_query").orElseThrow();
    assertEquals("web-search", query.source());
    assertTrue(query.readOnly());
    assertEquals(TEXT_SCHEMA, query.inputSchema());
    ToolDescriptor read = catalog.find(tenant, "read_file").orElseThrow();
    assertEquals(ToolCatalog.BUILTIN, read.source());
    assertTrue(read.readOnly());
    assertFalse(catalog.find(tenant, "write_file").orElseThrow().readOnly());

    switchedOff.add("web-search");
    assertTrue(catalog.find(tenant, "web_search_query").isEmpty());
    assertEquals(10, catalog.list(tenant).size());
    assertTrue(invoke("web_search_query", "{\"text\":\"x\"}", null).isError());
  }

  @Test
  void checksArgumentsBeforeAToolRuns() {
    tools.add(new Extensions.Provided<>("p", new Echo("echo", TEXT_SCHEMA, null)));
    assertEquals(
        new ToolResult("echo {\"text\":\"hi\"}", false),
        invoke("p_echo", "{\"text\":\"hi\"}", null));
    ToolResult missing = invoke("p_echo", "{}", null);
    assertTrue(missing.isError());
    assertTrue(missing.content().startsWith("Invalid arguments for p_echo: "), missing.content());
    assertTrue(missing.content().contains("text"), missing.content());
    ToolResult wrongType = invoke("p_echo", "{\"text\":3}", null);
    assertTrue(wrongType.content().contains("$.text"), wrongType.content());
    ToolResult malformed = invoke("p_echo", "{\"text\":", null);
    assertTrue(malformed.isError());
    assertTrue(malformed.content().contains("not valid JSON"), malformed.content());
    ToolResult unknown = invoke("nope", "{}", null);
    assertEquals(new ToolResult("There is no tool named 'nope'.", true), unknown);
  }

  @Test
  void aFailingToolBecomesAnErrorResult() {
    tools.add(
        new Extensions.Provided<>(
            "p", new Echo("boom", TEXT_SCHEMA, new IllegalStateException("upstream down\nmore"))));
    tools.add(
        new Extensions.Provided<>(
            "p", new Echo("refused", TEXT_SCHEMA, ProblemException.forbidden("Not today."))));
    ToolResult boom = invoke("p_boom", "{\"text\":\"x\"}", null);
    assertTrue(boom.isError());
    assertTrue(
        boom.content().startsWith("The tool p_boom failed: upstream down (reference "),
        boom.content());
    assertEquals(new ToolResult("Not today.", true), invoke("p_refused", "{\"text\":\"x\"}", null));
  }

  @Test
  void builtInsWorkOnTheRunsProject() {
    ToolResult noProject = invoke("write_file", "{\"path\":\"a.txt\",\"content\":\"A\"}", null);
    assertTrue(noProject.isError());
    assertTrue(noProject.content().contains("no project"), noProject.content());
    ToolResult unknownProject =
        invoke(
            "write_file", "{\"path\":\"a.txt\",\"content\":\"A\"}", UUID.randomUUID().toString());
    assertEquals(new ToolResult("The project was not found.", true), unknownProject);

    assertEquals(
        new ToolResult("Created a.txt (1 bytes).", false),
        invoke("write_file", "{\"path\":\"a.txt\",\"content\":\"A\"}", project));
    assertEquals(
        new ToolResult("A\n", false), invoke("read_file", "{\"path\":\"a.txt\"}", project));
    ToolResult escape = invoke("read_file", "{\"path\":\"../x\"}", project);
    assertEquals(new ToolResult("path: must not lead outside the project", true), escape);
    ToolResult absent = invoke("read_file", "{\"path\":\"b.txt\"}", project);
    assertEquals(new ToolResult("'b.txt' was not found.", true), absent);
  }
}
