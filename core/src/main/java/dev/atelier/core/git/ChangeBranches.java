package dev.atelier.core.git;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.gitproviders.GitProviders;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.tasks.TaskContext;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.plugin.api.git.GitCredentials;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The git side of an agent change (ADR 0029): the branch the agent works on, prepared from a clean
 * base; its work committed and pushed to {@code origin} with the requesting user's connection; and
 * the project put back on its base branch whatever happened, with no branch of the change left on
 * the remote when it failed.
 *
 * <p>{@link #origin} also answers when a project's files are not a repository (404 {@code
 * repository_not_found}).
 */
@ApplicationScoped
public class ChangeBranches {

  private static final Logger LOG = Logger.getLogger(ChangeBranches.class.getName());

  /** The kind of task of an agent change. */
  public static final String KIND = "agent.change";

  /** The kinds of task that work on a project's repository: one runs at a time. */
  public static final List<String> BUSY =
      List.of(ProjectGit.CLONE, ProjectGit.PUSH, ProjectGit.PULL, KIND);

  /** The task lane of {@link #BUSY}: of a project's, one runs or waits at a time. */
  public static final String LANE = "git";

  /** 409 {@code git_task_in_progress}: a task of {@link #BUSY} works on the project. */
  public static ProblemException busy() {
    return GitProblems.busy();
  }

  /** {@code create}: the change makes the base branch's first commit; {@code edit}: otherwise. */
  public static final String CREATE = "create";

  public static final String EDIT = "edit";

  @Inject GitRepos repos;
  @Inject ProjectFiles files;
  @Inject GitProviders providers;
  @Inject ProjectGit git;
  @Inject AtelierConfig config;

  /**
   * The project's {@code origin}: the provider it was cloned through (null for a URL with a project
   * secret) and the repository's path on its host ({@code owner/name}, GitLab's groups included).
   */
  public record Origin(String provider, String repo, String branch, boolean empty) {}

  /** Whether {@code name} is a branch name git takes (and not an option). */
  public static boolean validBranch(String name) {
    return GitRepos.validBranch(name);
  }

  /**
   * The origin and current branch of the project's repository; 404 {@code repository_not_found}
   * without one, 409 {@code remote_not_found} without an {@code origin}.
   */
  public Origin origin(String tenantId, String projectId) {
    try (Repository repo = repos.open(tenantId, projectId)) {
      String url = repo.getConfig().getString("remote", "origin", "url");
      if (url == null) {
        throw ApiException.conflict(
            "remote_not_found",
            "The project's repository has no remote origin to push the change to: clone it or"
                + " set origin first.");
      }
      String provider = repo.getConfig().getString("remote", "origin", GitRepos.PROVIDER_KEY);
      return new Origin(
          provider, path(url), repo.getBranch(), repo.resolve(Constants.HEAD) == null);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the repository", e);
    }
  }

  /** The path of a remote URL without its leading slash and {@code .git}: {@code owner/name}. */
  static String path(String url) {
    String p;
    try {
      p = URI.create(url).getPath();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (p == null) {
      return null;
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (p.endsWith(".git")) {
      p = p.substring(0, p.length() - 4);
    }
    return p.isEmpty() ? null : p;
  }

  /** Where a change starts: its kind, its base branch and the base's commit (null if none). */
  public record Start(String kind, String base, String baseCommit) {}

  /**
   * Puts the project on the branch the agent works on: {@code branch}, new from {@code base}, or
   * {@code base} itself when {@code branch} is null (a direct commit). 409 {@code
   * uncommitted_changes} when the files have changes not committed (they would go into the change),
   * {@code branch_not_found} for a base that does not exist, {@code no_commits} for a new branch of
   * a repository without a commit.
   */
  public Start start(String tenantId, String projectId, String base, String branch) {
    return files.exclusive(
        tenantId,
        projectId,
        () -> {
          try (Repository repo = repos.open(tenantId, projectId)) {
            Git g = Git.wrap(repo);
            Status s = g.status().call();
            if (s.hasUncommittedChanges() || !s.getUntracked().isEmpty()) {
              List<String> paths = new ArrayList<>(s.getUncommittedChanges());
              paths.addAll(s.getUntracked());
              throw new TaskFailure(
                  409,
                  "uncommitted_changes",
                  "Conflict",
                  "The project has changes not committed, which would go into the agent's change:"
                      + " commit or remove them first.",
                  paths.stream().sorted().limit(200).toList());
            }
            String b = base == null ? repo.getBranch() : base;
            Ref ref = repo.exactRef(Constants.R_HEADS + b);
            if (ref == null) {
              boolean unborn =
                  repo.resolve(Constants.HEAD) == null
                      && (Constants.R_HEADS + b).equals(repo.getFullBranch());
              if (!unborn) {
                throw GitProblems.noBranch(b);
              }
              if (branch != null) {
                throw ApiException.conflict(
                    "no_commits",
                    "The repository has no commit yet: a pull request needs a base branch with"
                        + " commits; make the first commit directly (commit_mode direct).");
              }
              return new Start(CREATE, b, null);
            }
            if (branch == null) {
              if (!b.equals(repo.getBranch())) {
                g.checkout().setName(b).call();
              }
            } else {
              if (repo.exactRef(Constants.R_HEADS + branch) != null) {
                throw GitProblems.branchExists(branch);
              }
              g.checkout().setName(branch).setCreateBranch(true).setStartPoint(b).call();
            }
            return new Start(EDIT, b, ref.getObjectId().name());
          } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("Cannot prepare the change's branch", e);
          }
        });
  }

  /**
   * Commits every change of the files as user {@code userId} with {@code message}: the new commit's
   * id, or null when the agent changed nothing.
   */
  public String commit(String tenantId, String projectId, String userId, String message) {
    try {
      return git.commit(tenantId, projectId, userId, message, null).id();
    } catch (ProblemException e) {
      if ("nothing_to_commit".equals(e.code())) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Pushes {@code branch} to {@code origin} with user {@code userId}'s connection to {@code
   * provider}, or with origin's own credentials when {@code provider} is null.
   */
  public void push(
      String tenantId,
      String projectId,
      String userId,
      String provider,
      String branch,
      TaskContext task)
      throws Exception {
    try (Repository repo = repos.open(tenantId, projectId)) {
      String ref = Constants.R_HEADS + branch;
      PushTask.push(
          repos.gitDir(tenantId, projectId),
          repo,
          "origin",
          new RefSpec(ref + ":" + ref),
          credentials(tenantId, projectId, userId, provider, repo),
          config.gitTimeout(),
          task,
          branch);
    }
  }

  /**
   * Deletes {@code branch} from {@code origin} (a change that failed after its push); logs and goes
   * on when the remote cannot be reached.
   */
  public void deleteRemote(
      String tenantId,
      String projectId,
      String userId,
      String provider,
      String branch,
      TaskContext task) {
    try (Repository repo = repos.open(tenantId, projectId)) {
      PushTask.push(
          repos.gitDir(tenantId, projectId),
          repo,
          "origin",
          new RefSpec(":" + Constants.R_HEADS + branch),
          credentials(tenantId, projectId, userId, provider, repo),
          config.gitTimeout(),
          task,
          branch);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "Cannot delete branch " + branch + " of " + projectId, e);
    }
  }

  private CredentialsProvider credentials(
      String tenantId, String projectId, String userId, String provider, Repository repo) {
    repos.checkUrl("url", repo.getConfig().getString("remote", "origin", "url"));
    if (provider == null) {
      return repos.credentials(tenantId, projectId, repo, "origin");
    }
    GitCredentials c;
    try {
      c = providers.credentials(tenantId, userId, provider);
    } catch (ProblemException e) {
      throw new TaskFailure(e.status(), e.code(), e.title(), e.getMessage(), List.of());
    }
    return new UsernamePasswordCredentialsProvider(c.username(), c.password());
  }

  /**
   * Puts the project back on {@code base} as it was before the change: what the agent left not
   * committed is dropped, {@code base} is set back to {@code baseCommit} (when the change committed
   * on it directly), and the change's work is kept on local branch {@code keep} when it has a
   * commit (null: dropped). Never throws: logs what it could not do.
   */
  public void restore(
      String tenantId, String projectId, String base, String baseCommit, String keep) {
    try {
      files.exclusive(
          tenantId,
          projectId,
          () -> {
            try (Repository repo = repos.open(tenantId, projectId)) {
              Git g = Git.wrap(repo);
              g.reset().setMode(ResetType.HARD).call();
              g.clean().setCleanDirectories(true).call();
              ObjectId head = repo.resolve(Constants.HEAD);
              String current = repo.getBranch();
              boolean moved = baseCommit != null && head != null && !head.name().equals(baseCommit);
              if (keep != null && moved && current.equals(base)) {
                // a direct commit that is not pushed: keep it on its own branch, reset the base
                RefUpdate u = repo.updateRef(Constants.R_HEADS + keep);
                u.setNewObjectId(head);
                u.update();
                g.reset().setMode(ResetType.HARD).setRef(baseCommit).call();
              } else if (!current.equals(base) && repo.exactRef(Constants.R_HEADS + base) != null) {
                g.checkout().setName(base).call();
                if (keep == null || !current.equals(keep) || sameCommit(repo, current, base)) {
                  g.branchDelete().setBranchNames(current).setForce(true).call();
                }
              }
            } catch (GitAPIException | IOException e) {
              throw new IllegalStateException(e);
            }
            return null;
          });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot put project " + projectId + " back on " + base, e);
    }
  }

  /** Puts the project back on {@code base} after a change that succeeded on another branch. */
  public void back(String tenantId, String projectId, String base) {
    files.exclusive(
        tenantId,
        projectId,
        () -> {
          try (Repository repo = repos.open(tenantId, projectId)) {
            if (!repo.getBranch().equals(base)) {
              Git.wrap(repo).checkout().setName(base).call();
            }
          } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("Cannot check out " + base, e);
          }
          return null;
        });
  }

  private static boolean sameCommit(Repository repo, String a, String b) throws IOException {
    ObjectId x = repo.resolve(Constants.R_HEADS + a);
    ObjectId y = repo.resolve(Constants.R_HEADS + b);
    return x != null && x.equals(y);
  }
}
