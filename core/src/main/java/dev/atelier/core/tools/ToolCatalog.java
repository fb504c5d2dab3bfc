package dev.atelier.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.core.features.Features;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.git.ProjectGit;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.projects.Projects;
import dev.atelier.plugin.api.tool.AgentTool;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The tools agents of a tenant may call: the built-in ones and those of the plugins switched on for
 * the tenant ({@link AgentTool} extensions, offered as {@code <plugin id>_<name>}). {@link #invoke}
 * checks the arguments against the tool's input schema before the tool runs, and turns every
 * failure into an error result the model can read.
 */
@ApplicationScoped
public class ToolCatalog {

  /** The {@link ToolDescriptor#source()} of the core's own tools. */
  public static final String BUILTIN = "builtin";

  private static final Logger LOG = Logger.getLogger(ToolCatalog.class.getName());
  private static final Pattern TOOL_NAME = Pattern.compile("^[a-z0-9_]{1,48}$");
  private static final int MAX_OFFERED_NAME = 64;

  @Inject Extensions plugins;
  @Inject Features features;
  @Inject Projects projects;
  @Inject ProjectFiles files;
  @Inject ProjectGit git;

  private final ToolSchemas schemas = new ToolSchemas();
  private final List<FileTool> builtins =
      List.of(
          new ListFilesTool(),
          new ReadFileTool(),
          new WriteFileTool(),
          new EditFileTool(),
          new SearchFilesTool(),
          new DeleteFileTool(),
          new GitStatusTool(),
          new GitDiffTool(),
          new GitCommitTool());
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** A tool of the catalog and what runs it: a built-in, or a plugin's extension. */
  private record Entry(ToolDescriptor descriptor, FileTool builtin, AgentTool plugin) {}

  /** Built-in tools and the tools of plugins switched on for the tenant, by name. */
  public List<ToolDescriptor> list(String tenantId) {
    return entries(tenantId).values().stream().map(Entry::descriptor).toList();
  }

  public Optional<ToolDescriptor> find(String tenantId, String name) {
    return Optional.ofNullable(entries(tenantId).get(name)).map(Entry::descriptor);
  }

  /**
   * Validates the arguments against the tool's input schema (a ToolResult.error describing what is
   * wrong when they don't match), then runs it. Never throws for a tool's own failure: returns
   * ToolResult.error.
   */
  public ToolResult invoke(String tenantId, String name, ToolInvocation invocation) {
    Entry entry = entries(tenantId).get(name);
    if (entry == null) {
      return ToolResult.error("There is no tool named '" + name + "'.");
    }
    JsonNode args;
    try {
      args = ToolSchemas.arguments(invocation.argumentsJson());
    } catch (IllegalArgumentException e) {
      return ToolResult.error("The arguments for " + name + " are " + e.getMessage() + ".");
    }
    List<String> wrong = schemas.check(entry.descriptor().inputSchema(), args);
    if (!wrong.isEmpty()) {
      return ToolResult.error("Invalid arguments for " + name + ": " + String.join("; ", wrong));
    }
    try {
      ToolResult result =
          entry.builtin() != null
              ? runBuiltin(entry.builtin(), tenantId, invocation, args)
              : plugins.inSession(
                  entry.descriptor().source(),
                  tenantId,
                  session -> entry.plugin().invoke(session, invocation));
      return result != null ? result : ToolResult.error("The tool " + name + " returned nothing.");
    } catch (ProblemException e) {
      return ToolResult.error(e.getMessage());
    } catch (RuntimeException | LinkageError e) {
      String reference = UUID.randomUUID().toString();
      LOG.log(Level.WARNING, "Tool " + name + " failed, reference " + reference, e);
      return ToolResult.error(
          "The tool " + name + " failed: " + shortMessage(e) + " (reference " + reference + ").");
    }
  }

  private ToolResult runBuiltin(
      FileTool tool, String tenantId, ToolInvocation invocation, JsonNode args) {
    if (invocation.projectId() == null) {
      return ToolResult.error(
          tool.name() + " works on the files of a project, and this run has no project.");
    }
    String projectId = projects.idOf(tenantId, invocation.projectId());
    if (tool instanceof GitTool g) {
      return g.run(git, tenantId, projectId, invocation, args);
    }
    return tool.run(files, tenantId, projectId, args);
  }

  private static String shortMessage(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return "an unexpected error";
    }
    m = m.lines().findFirst().orElse("").strip();
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  private Map<String, Entry> entries(String tenantId) {
    Map<String, Entry> out = new TreeMap<>();
    for (FileTool t : builtins) {
      out.put(
          t.name(),
          new Entry(
              new ToolDescriptor(
                  t.name(), t.description(), t.inputSchema(), t.readOnly(), false, BUILTIN),
              t,
              null));
    }
    Map<String, Boolean> enabled = new HashMap<>();
    for (Extensions.Provided<AgentTool> p : plugins.all(AgentTool.class)) {
      if (!enabled.computeIfAbsent(p.pluginId(), id -> features.enabled(tenantId, id))) {
        continue;
      }
      ToolDescriptor d = describe(p.pluginId(), p.extension());
      if (d == null) {
        continue;
      }
      if (out.containsKey(d.name())) {
        warnOnce(d.name(), "Tool " + d.name() + " of plugin " + p.pluginId() + " is a duplicate");
        continue;
      }
      out.put(d.name(), new Entry(d, null, p.extension()));
    }
    return out;
  }

  /** How the catalog offers a plugin's tool, or null (with a warning) when it cannot. */
  private ToolDescriptor describe(String pluginId, AgentTool tool) {
    String key = pluginId + ":" + tool.getClass().getName();
    try {
      String name = tool.name();
      if (name == null || !TOOL_NAME.matcher(name).matches()) {
        warnOnce(
            key,
            "Plugin "
                + pluginId
                + " offers a tool named '"
                + name
                + "', not 1-48"
                + " lowercase letters, digits or underscores; it is left out");
        return null;
      }
      String offered = pluginId.replace('-', '_') + "_" + name;
      if (offered.length() > MAX_OFFERED_NAME) {
        warnOnce(
            key,
            "Tool "
                + offered
                + " is longer than "
                + MAX_OFFERED_NAME
                + " characters, which models refuse; it is left out");
        return null;
      }
      String schema = tool.inputSchema();
      schemas.compile(schema);
      return new ToolDescriptor(
          offered, tool.description(), schema, tool.readOnly(), tool.requiresApproval(), pluginId);
    } catch (IllegalArgumentException e) {
      warnOnce(
          key,
          "A tool of plugin "
              + pluginId
              + " has an input schema that is not a JSON"
              + " Schema ("
              + e.getMessage()
              + "); it is left out");
      return null;
    } catch (RuntimeException | LinkageError e) {
      warnOnce(
          key,
          "A tool of plugin "
              + pluginId
              + " failed to describe itself ("
              + e
              + ");"
              + " it is left out");
      return null;
    }
  }

  private void warnOnce(String key, String message) {
    if (warned.add(key)) {
      LOG.warning(message);
    }
  }
}
