package dev.atelier.core.agentchanges;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.git.ChangeBranches;
import dev.atelier.core.gitproviders.GitProviders;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.runs.Run;
import dev.atelier.core.runs.RunView;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.tasks.TaskContext;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.core.tasks.TaskHandler;
import dev.atelier.core.tasks.TaskWait;
import dev.atelier.plugin.api.git.GitPullRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Does an agent change ({@code agent.change}) in steps its record keeps, so that the task can wait
 * with no worker while the agent works: prepares the branch and queues the agent's run, then waits
 * ({@link TaskWait}); resumed when the run ended ({@link AgentChangeRuns}), commits the work as the
 * user who asked, pushes it with their connection and opens the pull request. Whatever fails puts
 * the project back on its base branch and leaves no branch of the change on the remote.
 */
@ApplicationScoped
public class AgentChangeTask implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(AgentChangeTask.class.getName());

  /** The trigger of the agent's run. */
  static final String TRIGGER = "agent_change";

  @Inject Transactions tx;
  @Inject ChangeBranches branches;
  @Inject GitProviders providers;
  @Inject Runs runs;
  @Inject Agents agents;
  @Inject Audit audit;

  @Override
  public String kind() {
    return ChangeBranches.KIND;
  }

  @Override
  public String lane() {
    return ChangeBranches.LANE;
  }

  @Override
  public JsonObject run(TaskContext task) throws Exception {
    String id = task.input().getString("agent_change_id");
    AgentChange c = read(task, id);
    try {
      return switch (c.status()) {
        case AgentChange.QUEUED -> start(task, c);
        case AgentChange.RUNNING -> afterRun(task, c);
        case AgentChange.PUBLISHING -> publish(task, c);
        default -> result(c);
      };
    } catch (TaskWait | ProblemException e) {
      throw e;
    } catch (Exception e) {
      if (!task.stopRequested()) {
        update(
            task,
            id,
            x -> {
              if (!x.finished()) {
                x.failed(
                    "task_failed",
                    "The change failed unexpectedly; the server's log tells why (task "
                        + task.taskId()
                        + ").");
              }
            });
      }
      throw e;
    }
  }

  private AgentChange read(TaskContext task, String id) {
    AgentChange c = tx.readInTenant(task.tenantId(), em -> em.find(AgentChange.class, id));
    if (c == null) {
      throw new TaskFailure(404, "not_found", "Not found", "The agent change is gone.", List.of());
    }
    return c;
  }

  private void update(TaskContext task, String id, Consumer<AgentChange> change) {
    tx.inTenantDo(
        task.tenantId(),
        em -> {
          AgentChange c = em.find(AgentChange.class, id);
          if (c != null) {
            change.accept(c);
          }
        });
  }

  /** Fails the change with {@code p}'s code and detail and throws {@code p} (the task's error). */
  private RuntimeException fail(TaskContext task, AgentChange c, ProblemException p) {
    update(
        task,
        c.id(),
        x -> {
          if (!x.finished()) {
            x.failed(p.code(), p.getMessage());
          }
        });
    tx.inTenantDo(
        task.tenantId(),
        em -> audit.record(em, "agent_change.failed", "project", c.projectId(), p.code()));
    return p instanceof TaskFailure f
        ? f
        : new TaskFailure(p.status(), p.code(), p.title(), p.getMessage(), List.of());
  }

  private JsonObject start(TaskContext task, AgentChange c) {
    if (agents.find(task.tenantId(), c.agent()).isEmpty()) {
      throw fail(
          task,
          c,
          new TaskFailure(
              422,
              "agent_not_found",
              "Agent not found",
              "Agent " + c.agent() + " was deleted before the change started.",
              List.of()));
    }
    task.progress(5, "Preparing branch " + (c.branch() == null ? c.baseBranch() : c.branch()));
    ChangeBranches.Start start;
    try {
      start = branches.start(task.tenantId(), c.projectId(), c.baseBranch(), c.branch());
    } catch (ProblemException e) {
      throw fail(task, c, e);
    }
    Run run = new Run(c.agent(), c.projectId(), TRIGGER, c.description(), c.createdBy());
    try {
      tx.inTenantDo(
          task.tenantId(),
          em -> {
            runs.enqueue(em, run);
            AgentChange x = em.find(AgentChange.class, c.id());
            x.running(start.kind(), start.base(), start.baseCommit(), run.id());
          });
    } catch (RuntimeException e) {
      branches.restore(task.tenantId(), c.projectId(), start.base(), start.baseCommit(), null);
      throw e;
    }
    throw new TaskWait("Waiting for the agent's run " + run.id());
  }

  private JsonObject afterRun(TaskContext task, AgentChange c) throws Exception {
    RunView run = runs.view(task.tenantId(), c.runId());
    if (!List.of("succeeded", "failed", "cancelled").contains(run.status())) {
      throw new TaskWait("Waiting for the agent's run " + run.id());
    }
    if (!"succeeded".equals(run.status())) {
      branches.restore(task.tenantId(), c.projectId(), c.baseBranch(), c.baseCommit(), null);
      boolean cancelled = "cancelled".equals(run.status());
      throw fail(
          task,
          c,
          new TaskFailure(
              409,
              cancelled ? "agent_run_cancelled" : "agent_run_failed",
              cancelled ? "Agent run cancelled" : "Agent run failed",
              "The agent's run "
                  + run.id()
                  + (cancelled ? " was cancelled" : " failed")
                  + (run.errorCode() == null ? "" : " (" + run.errorCode() + ")")
                  + "; nothing was committed and the project is back on "
                  + c.baseBranch()
                  + ".",
              List.of()));
    }
    update(task, c.id(), AgentChange::publishing);
    return publish(task, read(task, c.id()));
  }

  private JsonObject publish(TaskContext task, AgentChange c) throws Exception {
    String t = task.tenantId();
    String p = c.projectId();
    boolean pr = AgentChange.PULL_REQUEST.equals(c.commitMode());
    task.progress(60, "Committing the agent's work");
    String sha = c.commitSha();
    if (sha == null) {
      try {
        sha = branches.commit(t, p, c.createdBy(), message(c));
      } catch (ProblemException e) {
        branches.restore(t, p, c.baseBranch(), c.baseCommit(), null);
        throw fail(task, c, e);
      }
      if (sha == null) {
        branches.restore(t, p, c.baseBranch(), c.baseCommit(), null);
        throw fail(
            task,
            c,
            new TaskFailure(
                422,
                "agent_change_empty",
                "Nothing changed",
                "The agent's run changed no file: there is nothing to commit.",
                List.of()));
      }
      String committed = sha;
      update(task, c.id(), x -> x.committed(committed));
    }
    String pushed = pr ? c.branch() : c.baseBranch();
    task.progress(75, "Pushing " + pushed);
    try {
      branches.push(t, p, c.createdBy(), c.provider(), pushed, task);
    } catch (ProblemException e) {
      branches.restore(t, p, c.baseBranch(), c.baseCommit(), c.keepBranch());
      throw fail(task, c, e);
    }
    Integer number = null;
    String url = null;
    if (pr) {
      task.progress(90, "Opening the pull request");
      GitPullRequest opened;
      try {
        opened =
            providers.openPullRequest(
                t,
                c.createdBy(),
                c.provider(),
                c.repo(),
                c.branch(),
                c.baseBranch(),
                title(c),
                body(c));
      } catch (ProblemException e) {
        branches.deleteRemote(t, p, c.createdBy(), c.provider(), c.branch(), task);
        branches.restore(t, p, c.baseBranch(), c.baseCommit(), c.keepBranch());
        throw fail(task, c, e);
      }
      number = opened.number();
      url = opened.htmlUrl();
      branches.back(t, p, c.baseBranch());
    }
    Integer n = number;
    String u = url;
    tx.inTenantDo(
        t,
        em -> {
          AgentChange x = em.find(AgentChange.class, c.id());
          if (x != null) {
            x.succeeded(n, u);
          }
          audit.record(em, "agent_change.succeeded", "project", p, u == null ? c.id() : u);
        });
    return result(read(task, c.id()));
  }

  private static String title(AgentChange c) {
    String first = c.description().strip().lines().findFirst().orElse("Agent change");
    return first.length() <= 72 ? first : first.substring(0, 69) + "...";
  }

  private static String message(AgentChange c) {
    return title(c) + "\n\nAtelier-Change: " + c.id() + "\nAtelier-Run: " + c.runId();
  }

  private static String body(AgentChange c) {
    return c.description().strip()
        + "\n\n---\nMade by agent "
        + c.agent()
        + " (Atelier change "
        + c.id()
        + ", run "
        + c.runId()
        + ").";
  }

  private static JsonObject result(AgentChange c) {
    JsonObjectBuilder b =
        JSON.createObjectBuilder()
            .add("agent_change_id", c.id())
            .add("status", c.status())
            .add("commit_mode", c.commitMode());
    add(b, "run_id", c.runId());
    add(b, "commit", c.commitSha());
    add(b, "branch", c.branch() == null ? c.baseBranch() : c.branch());
    add(b, "html_url", c.htmlUrl());
    if (c.pullNumber() != null) {
      b.add("pull_request_number", c.pullNumber());
    }
    return b.build();
  }

  private static void add(JsonObjectBuilder b, String key, String value) {
    if (value != null) {
      b.add(key, value);
    }
  }

  /**
   * The task's node stopped while it prepared or published the change: the agent's run is
   * cancelled, what was pushed is deleted, the project is put back on its base branch and the
   * change fails with {@code task_interrupted}.
   */
  @Override
  public void interrupted(TaskContext task) {
    try {
      AgentChange c = read(task, task.input().getString("agent_change_id"));
      if (c.finished()) {
        return;
      }
      if (c.runId() != null) {
        try {
          runs.cancel(task.tenantId(), c.runId());
        } catch (ProblemException ended) {
          // the run has ended already
        }
      }
      if (AgentChange.PUBLISHING.equals(c.status()) && c.branch() != null) {
        branches.deleteRemote(
            task.tenantId(), c.projectId(), c.createdBy(), c.provider(), c.branch(), task);
      }
      if (c.baseBranch() != null && c.runId() != null) {
        branches.restore(
            task.tenantId(),
            c.projectId(),
            c.baseBranch(),
            c.baseCommit(),
            c.commitSha() == null ? null : c.keepBranch());
      }
      update(
          task,
          c.id(),
          x ->
              x.failed(
                  "task_interrupted",
                  "The server stopped while the change was prepared or published; start it"
                      + " again."));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cleaning up after agent change task " + task.taskId() + " failed", e);
    }
  }
}
