package dev.atelier.core.agentchanges;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.agents.Agents;
import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.git.ChangeBranches;
import dev.atelier.core.gitproviders.GitProviders;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.runs.Runs;
import dev.atelier.core.tasks.TaskAccepted;
import dev.atelier.core.tasks.Tasks;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Agent changes of a workspace: handed to an agent ({@link #create}, checked at once so that what a
 * client can get wrong is answered before anything is queued), read and listed.
 */
@ApplicationScoped
public class AgentChanges {

  /** A repository at a host: owner/name, GitLab's subgroups included. */
  private static final Pattern REPO = Pattern.compile("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+){1,9}$");

  static final List<String> MODES = List.of(AgentChange.PULL_REQUEST, AgentChange.DIRECT);
  static final List<String> STATUSES =
      List.of(
          AgentChange.QUEUED,
          AgentChange.RUNNING,
          AgentChange.PUBLISHING,
          AgentChange.SUCCEEDED,
          AgentChange.FAILED);

  @Inject Transactions tx;
  @Inject Agents agents;
  @Inject Runs runs;
  @Inject Tasks tasks;
  @Inject ChangeBranches branches;
  @Inject GitProviders providers;
  @Inject AtelierConfig config;
  @Inject Audit audit;

  /**
   * Checks {@code body} and queues the change for {@code userId}: 422 for a field that is wrong (no
   * such agent, a repository or branch name git would not take, a pull request without a provider),
   * 404 for a project or provider that is not there, 409 when the project has no repository with an
   * origin, a git task or another change of it runs, or the caller has no connection to the
   * provider; 402 when the workspace may start no more runs.
   */
  public AgentChangeAccepted create(String tenantId, String userId, CreateAgentChange body) {
    Check check =
        Check.body(body)
            .required("project_id", body.projectId())
            .text("description", body.description(), Runs.MESSAGE_MAX)
            .optionalText("agent", body.agent(), 64)
            .optionalText("repo", body.repo(), 512)
            .optionalText("provider", body.provider(), 32)
            .that(
                body.repo() == null || validRepo(body.repo()),
                "repo",
                "is a repository's path at its host, such as owner/name")
            .that(
                body.baseBranch() == null || ChangeBranches.validBranch(body.baseBranch()),
                "base_branch",
                "is not a valid branch name");
    check
        .that(
            body.commitMode() == null || MODES.contains(body.commitMode()),
            "commit_mode",
            "must be pull_request or direct")
        .done();
    String agent = body.agent() == null ? config.agentChangesDefaultAgent() : body.agent();
    if (agents.find(tenantId, agent).isEmpty()) {
      throw ProblemException.validation(
          "agent",
          body.agent() == null
              ? "no agent is named and the workspace has no agent " + agent + ", the default"
              : "no agent with this name in the workspace");
    }
    String mode = body.commitMode() == null ? AgentChange.PULL_REQUEST : body.commitMode();
    String projectId = tx.readInTenant(tenantId, em -> Projects.find(em, body.projectId()).id());
    ChangeBranches.Origin origin = branches.origin(tenantId, projectId);
    String provider = body.provider() == null ? origin.provider() : body.provider();
    if (provider == null && AgentChange.PULL_REQUEST.equals(mode)) {
      throw ProblemException.validation(
          "provider",
          "origin was not cloned through a git provider: name the provider whose connection"
              + " opens the pull request");
    }
    if (provider != null) {
      providers.requireConnected(tenantId, userId, provider);
    }
    String repo = body.repo() == null ? origin.repo() : body.repo();
    if (repo == null || !validRepo(repo)) {
      throw ProblemException.validation(
          "repo", "origin's URL names no repository (owner/name): name the repository");
    }
    if (origin.empty() && AgentChange.PULL_REQUEST.equals(mode)) {
      throw ApiException.conflict(
          "no_commits",
          "The repository has no commit yet: a pull request needs a base branch with commits;"
              + " make the first commit directly (commit_mode direct).");
    }
    String base = body.baseBranch() == null ? origin.branch() : body.baseBranch();
    runs.admit(tenantId);
    String kind = origin.empty() ? ChangeBranches.CREATE : ChangeBranches.EDIT;
    return tx.inTenant(
        tenantId,
        em -> {
          // lock the project's row: git tasks of one project are queued one after the other
          Project locked = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE);
          if (locked == null) {
            throw ApiException.notFound("The project");
          }
          if (tasks.active(em, projectId, ChangeBranches.BUSY)) {
            throw ChangeBranches.busy();
          }
          AgentChange c =
              new AgentChange(
                  projectId, agent, body.description(), mode, provider, repo, base, userId);
          em.persist(c);
          TaskAccepted task =
              tasks.submit(
                  em,
                  ChangeBranches.KIND,
                  projectId,
                  JSON.createObjectBuilder().add("agent_change_id", c.id()).build(),
                  userId);
          c.queued(task.taskId(), kind);
          audit.record(em, "agent_change.requested", "project", projectId, c.id());
          return new AgentChangeAccepted(c.id(), task.taskId(), kind, c.status(), c.branch());
        });
  }

  /** Whether {@code repo} is a repository's path: owner/name, no {@code .} or {@code ..} part. */
  static boolean validRepo(String repo) {
    return REPO.matcher(repo).matches()
        && java.util.Arrays.stream(repo.split("/")).noneMatch(p -> p.equals(".") || p.equals(".."));
  }

  /** The change {@code id} of the tenant; 404 when there is none. */
  public AgentChangeView get(String tenantId, String id) {
    return tx.readInTenant(tenantId, em -> AgentChangeView.of(find(em, id)));
  }

  static AgentChange find(EntityManager em, String id) {
    AgentChange c = id == null || id.length() != 36 ? null : em.find(AgentChange.class, id);
    if (c == null) {
      throw ApiException.notFound("The agent change");
    }
    return c;
  }

  /** The changes of the tenant, newest first, of one project and in one status when given. */
  public Page<AgentChangeView> list(
      String tenantId, String projectIdOrSlug, String status, PageRequest page) {
    Check.start()
        .optionalText("project_id", projectIdOrSlug, 64)
        .that(
            status == null || STATUSES.contains(status),
            "status",
            "must be one of " + String.join(", ", STATUSES))
        .done();
    return tx.readInTenant(
        tenantId,
        em -> {
          StringBuilder where = new StringBuilder(" WHERE 1 = 1");
          Map<String, Object> params = new HashMap<>();
          if (projectIdOrSlug != null) {
            where.append(" AND c.projectId = :p");
            params.put("p", Projects.find(em, projectIdOrSlug).id());
          }
          if (status != null) {
            where.append(" AND c.status = :s");
            params.put("s", status);
          }
          TypedQuery<AgentChange> items =
              em.createQuery(
                  "SELECT c FROM AgentChange c" + where + " ORDER BY c.createdAt DESC, c.id",
                  AgentChange.class);
          TypedQuery<Long> count =
              em.createQuery("SELECT COUNT(c) FROM AgentChange c" + where, Long.class);
          params.forEach(
              (k, v) -> {
                items.setParameter(k, v);
                count.setParameter(k, v);
              });
          return Paging.page(items, count, page, AgentChangeView::of);
        });
  }

  /** Deletes the changes of a project being deleted, in its deleting transaction. */
  void deleteOf(@Observes ProjectDeletion.Deleting deletion) {
    deletion
        .em()
        .createQuery("DELETE FROM AgentChange c WHERE c.projectId = :p")
        .setParameter("p", deletion.projectId())
        .executeUpdate();
  }
}
