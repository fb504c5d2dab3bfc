package dev.atelier.core.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.core.agents.AgentView;
import dev.atelier.core.agents.Agents;
import dev.atelier.core.files.FileContent;
import dev.atelier.core.files.FileEntry;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.files.WriteFile;
import dev.atelier.core.files.Written;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.projects.ProjectView;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.RunFilter;
import dev.atelier.core.runs.RunStarted;
import dev.atelier.core.runs.RunView;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.runs.StartRun;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.Principal;
import dev.atelier.core.security.RequestLimits;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.Role;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tools the MCP server offers: projects, agents, runs and project files of the caller's
 * workspace. Each tool needs the role its HTTP counterpart needs and calls the same service, so
 * validation, tenant isolation and limits are the API's own.
 */
@ApplicationScoped
public class McpTools {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final int DEFAULT_WAIT_SECONDS = 30;

  /** What a tool answers: the value for {@code structuredContent}, and text when not its JSON. */
  record Answer(Object value, String text) {}

  /** A call of a tool: its arguments and where progress goes (never null). */
  record Call(JsonNode arguments, Consumer<String> progress) {
    String text(String name) {
      JsonNode v = arguments.get(name);
      return v == null || v.isNull() ? null : v.asText();
    }

    Integer integer(String name) {
      JsonNode v = arguments.get(name);
      return v == null || v.isNull() ? null : v.asInt();
    }

    boolean flag(String name) {
      JsonNode v = arguments.get(name);
      return v != null && v.asBoolean(false);
    }

    PageRequest page() {
      Integer limit = integer("limit");
      Integer offset = integer("offset");
      return PageRequest.of(
          limit == null ? null : limit.toString(), offset == null ? null : offset.toString());
    }
  }

  /** The body of a tool. */
  interface Body {
    Answer call(Call call);
  }

  /**
   * A tool.
   *
   * @param name what clients call it by
   * @param title a title for people
   * @param description what it does, for the model
   * @param role the role it needs, like its HTTP counterpart
   * @param readOnly whether it only reads
   * @param destructive whether it may destroy something
   * @param inputSchema the JSON Schema of its arguments
   * @param outputSchema the JSON Schema of its structured answer
   * @param body what it does
   */
  record Tool(
      String name,
      String title,
      String description,
      Role role,
      boolean readOnly,
      boolean destructive,
      ObjectNode inputSchema,
      ObjectNode outputSchema,
      Body body) {

    /** The tool as {@code tools/list} describes it. */
    ObjectNode describe() {
      ObjectNode t = JSON.objectNode();
      t.put("name", name).put("title", title).put("description", description);
      t.set("inputSchema", inputSchema);
      t.set("outputSchema", outputSchema);
      ObjectNode annotations = t.putObject("annotations");
      annotations.put("title", title);
      annotations.put("readOnlyHint", readOnly);
      if (!readOnly) {
        annotations.put("destructiveHint", destructive);
      }
      annotations.put("openWorldHint", false);
      return t;
    }
  }

  /** A file's removal. */
  public record FileDeleted(String path, boolean deleted) {}

  @Inject Caller caller;
  @Inject Projects projects;
  @Inject Agents agents;
  @Inject Runs runs;
  @Inject RunWaiter waiter;
  @Inject ProjectFiles files;
  @Inject RequestLimits limits;
  @Inject AtelierConfig config;

  private Map<String, Tool> tools;

  @PostConstruct
  void init() {
    tools = define();
  }

  /** Every tool, by name, in the order {@code tools/list} gives them. */
  Map<String, Tool> all() {
    return tools;
  }

  private Map<String, Tool> define() {
    Map<String, Tool> t = new LinkedHashMap<>();
    add(
        t,
        new Tool(
            "list_projects",
            "List projects",
            "Lists the projects of the workspace, newest first. q searches name, slug and"
                + " description.",
            Role.VIEWER,
            true,
            false,
            paged(schema().text("q", "Words to look for", 200, false)),
            RecordSchemas.page(ProjectView.class),
            c -> answer(projects.list(tenant(), c.text("q"), c.page()))));
    add(
        t,
        new Tool(
            "list_agents",
            "List agents",
            "Lists the agents of the workspace by name, with their model, tools and spec. q"
                + " searches name and description.",
            Role.VIEWER,
            true,
            false,
            paged(schema().text("q", "Words to look for", 200, false)),
            RecordSchemas.page(AgentView.class),
            c -> answer(agents.list(tenant(), c.text("q"), c.page()))));
    add(
        t,
        new Tool(
            "get_agent",
            "Get an agent",
            "An agent of the workspace, by name, with its spec's source.",
            Role.VIEWER,
            true,
            false,
            schema().text("name", "The agent's name", 64, true).done(),
            RecordSchemas.of(AgentView.class),
            c -> answer(agents.view(tenant(), c.text("name")))));
    add(
        t,
        new Tool(
            "start_run",
            "Start a run",
            "Starts a run of an agent on a message and answers at once with the run's id and"
                + " status (queued); read it with get_run. Counts against the runs rate limit.",
            Role.OPERATOR,
            false,
            false,
            runInput().done(),
            RecordSchemas.of(RunStarted.class),
            c -> {
              Run run = start(c);
              return answer(new RunStarted(run.id(), run.status().wire()));
            }));
    add(
        t,
        new Tool(
            "run_agent",
            "Run an agent and wait for its answer",
            "Runs an agent on a message and waits for the answer (at most wait_seconds, 30 by"
                + " default). The text result is the agent's answer; the structured result is the"
                + " run with its status, output, steps, tokens and cost. A run that is still going"
                + " when the wait ends goes on: read it later with get_run.",
            Role.OPERATOR,
            false,
            false,
            runInput()
                .integer(
                    "wait_seconds",
                    "How long to wait for the answer, in seconds",
                    1,
                    config.mcpMaxWait().toSeconds(),
                    false)
                .done(),
            RecordSchemas.of(RunView.class),
            this::runAndWait));
    add(
        t,
        new Tool(
            "get_run",
            "Get a run",
            "A run with its status, output or error, steps, tokens and cost.",
            Role.VIEWER,
            true,
            false,
            schema().text("run_id", "The run's id", 36, true).done(),
            RecordSchemas.of(RunView.class),
            c -> answer(runs.view(tenant(), c.text("run_id")))));
    add(
        t,
        new Tool(
            "list_runs",
            "List runs",
            "Lists the runs of the workspace, newest first, without their steps; filter by"
                + " status, agent, trigger, or runs older than the run before.",
            Role.VIEWER,
            true,
            false,
            paged(
                schema()
                    .choice("status", "Only runs with this status", Runs.STATUSES)
                    .text("agent", "Only runs of this agent", 64, false)
                    .text("trigger", "Only runs started this way (api, chat, mcp, …)", 16, false)
                    .text("automation_id", "Only runs fired by this automation", 36, false)
                    .text("before", "Only runs created before the run with this id", 36, false)),
            RecordSchemas.page(RunView.class),
            c ->
                answer(
                    runs.list(
                        tenant(),
                        new RunFilter(
                            c.text("status"),
                            c.text("agent"),
                            c.text("trigger"),
                            c.text("automation_id"),
                            c.text("before")),
                        c.page()))));
    add(
        t,
        new Tool(
            "cancel_run",
            "Cancel a run",
            "Cancels a run: a queued or waiting one at once, a running one within its current"
                + " step. Fails with run_finished when it has already finished.",
            Role.OPERATOR,
            false,
            true,
            schema().text("run_id", "The run's id", 36, true).done(),
            RecordSchemas.of(RunView.class),
            c -> {
              runs.cancel(tenant(), c.text("run_id"));
              return answer(runs.view(tenant(), c.text("run_id")));
            }));
    add(
        t,
        new Tool(
            "list_files",
            "List project files",
            "Lists the files and folders of a project folder (the root when path is absent), by"
                + " path; recursive lists everything under it.",
            Role.VIEWER,
            true,
            false,
            paged(
                schema()
                    .text("project_id", "The project's id or slug", 64, true)
                    .text("path", "The folder, relative to the project's root", 1024, false)
                    .bool("recursive", "Whether to list everything under the folder")),
            RecordSchemas.page(FileEntry.class),
            c ->
                answer(
                    files.list(
                        tenant(), project(c), c.text("path"), c.flag("recursive"), c.page()))));
    add(
        t,
        new Tool(
            "read_file",
            "Read a project file",
            "A project file: its text when it is UTF-8 (encoding utf-8), else its bytes in base64.",
            Role.VIEWER,
            true,
            false,
            schema()
                .text("project_id", "The project's id or slug", 64, true)
                .text("path", "The file, relative to the project's root", 1024, true)
                .done(),
            RecordSchemas.of(FileContent.class),
            c -> answer(FileContent.of(files.read(tenant(), project(c), c.text("path"))))));
    add(
        t,
        new Tool(
            "write_file",
            "Write a project file",
            "Creates or replaces a project file, creating its folders. content is text, or base64"
                + " with encoding base64; if_match makes the write conditional on the file's"
                + " current etag.",
            Role.OPERATOR,
            false,
            true,
            schema()
                .text("project_id", "The project's id or slug", 64, true)
                .text("path", "The file, relative to the project's root", 1024, true)
                .text("content", "The new content", Integer.MAX_VALUE, true)
                .choice(
                    "encoding",
                    "How content is encoded (utf-8 by default)",
                    List.of("utf-8", "base64"))
                .text("if_match", "The etag the file must have now", 200, false)
                .done(),
            RecordSchemas.of(Written.class),
            c -> {
              byte[] content = new WriteFile(c.text("content"), c.text("encoding")).bytes();
              return answer(
                  files.write(
                      tenant(),
                      project(c),
                      c.text("path"),
                      new ByteArrayInputStream(content),
                      c.text("if_match"),
                      null));
            }));
    add(
        t,
        new Tool(
            "delete_file",
            "Delete a project file",
            "Deletes a project file, or a folder (one that is not empty only with recursive).",
            Role.OPERATOR,
            false,
            true,
            schema()
                .text("project_id", "The project's id or slug", 64, true)
                .text("path", "The file or folder, relative to the project's root", 1024, true)
                .bool("recursive", "Whether a folder that is not empty goes too")
                .done(),
            RecordSchemas.of(FileDeleted.class),
            c -> {
              files.delete(tenant(), project(c), c.text("path"), c.flag("recursive"));
              return answer(new FileDeleted(c.text("path"), true));
            }));
    return t;
  }

  private static void add(Map<String, Tool> tools, Tool tool) {
    tools.put(tool.name(), tool);
  }

  private String tenant() {
    return caller.tenantId();
  }

  private String project(Call c) {
    return projects.idOf(tenant(), c.text("project_id"));
  }

  private static Answer answer(Object value) {
    return new Answer(value, null);
  }

  private static InputSchema runInput() {
    return schema()
        .text("agent", "The agent's name", 64, true)
        .text("message", "What the agent is asked", 100_000, true)
        .text("project_id", "The project the run works in (id or slug)", 64, false);
  }

  /** Starts a run for the caller, counting against the runs rate limit like POST /runs. */
  private Run start(Call c) {
    Principal p = caller.principal();
    limits.runStart(p);
    return runs.start(
        p.tenantId(),
        p.userId(),
        "mcp",
        new StartRun(c.text("agent"), c.text("message"), c.text("project_id")));
  }

  private Answer runAndWait(Call c) {
    Integer asked = c.integer("wait_seconds");
    Run run = start(c);
    RunView view =
        waiter.await(
            tenant(), run.id(), asked == null ? DEFAULT_WAIT_SECONDS : asked, c.progress());
    String text =
        switch (view.status()) {
          case "succeeded" -> view.output() == null ? "" : view.output();
          case "failed" -> "The run failed (" + view.errorCode() + "): " + view.error();
          case "cancelled" -> "The run was cancelled.";
          default ->
              "The run "
                  + view.id()
                  + " is still "
                  + view.status()
                  + "; read it later with get_run.";
        };
    return new Answer(view, text);
  }

  private static InputSchema schema() {
    return new InputSchema();
  }

  private static ObjectNode paged(InputSchema s) {
    return s.integer("limit", "How many items at most (1 to 500, 50 by default)", 1, 500, false)
        .integer("offset", "How many items to skip", 0, Integer.MAX_VALUE, false)
        .done();
  }
}
