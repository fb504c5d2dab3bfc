package dev.atelier.core.git;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.files.RuleBreach;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.tasks.TaskContext;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.core.tasks.TaskHandler;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jgit.api.CreateBranchCommand.SetupUpstreamMode;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;

/**
 * Clones a repository into a project without files ({@code git.clone}): creates the repository
 * apart from the files, fetches within the size and time limits, measures the branch's tree against
 * the files rules before checking it out, and checks the files afterwards. Whatever fails undoes
 * the clone (repository and files), so the project is as it was; so does a server that stopped
 * during it (the task is not resumed).
 */
@ApplicationScoped
public class CloneTask implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(CloneTask.class.getName());

  @Inject GitRepos repos;
  @Inject ProjectFiles files;
  @Inject AtelierConfig config;

  @Override
  public String kind() {
    return ProjectGit.CLONE;
  }

  @Override
  public String lane() {
    return ChangeBranches.LANE;
  }

  @Override
  public JsonObject run(TaskContext task) throws Exception {
    String t = task.tenantId();
    String p = task.projectId();
    JsonObject in = task.input();
    String url = in.getString("url");
    String branch = in.getString("branch", null);
    if (repos.exists(t, p)) {
      throw GitProblems.exists();
    }
    if (!files.isEmpty(t, p)) {
      throw GitProblems.notEmpty();
    }
    repos.checkUrl("url", url);
    Duration timeout = config.gitTimeout();
    long maxBytes = config.gitMaxFetchBytes();
    boolean done = false;
    try (Git git =
        Git.init()
            .setGitDir(repos.gitDir(t, p).toFile())
            .setDirectory(repos.workTree(t, p).toFile())
            .call()) {
      Repository repo = git.getRepository();
      GitRepos.configure(repo);
      repos.dropGitLink(t, p);
      ProjectGit.writeRemote(
          repo.getConfig(),
          new RemoteView(
              "origin", url, in.getString("secret", null), in.getString("username", null)));
      if (in.containsKey("provider")) {
        repo.getConfig()
            .setString("remote", "origin", GitRepos.PROVIDER_KEY, in.getString("provider"));
        repo.getConfig()
            .setString(
                "remote", "origin", GitRepos.PROVIDER_USER_KEY, in.getString("provider_user"));
      }
      repo.getConfig().save();
      CredentialsProvider credentials = repos.credentials(t, p, repo, "origin");
      TransferLimits limits = new TransferLimits(repos.gitDir(t, p), maxBytes, timeout, task);
      FetchResult fetched;
      try {
        fetched =
            git.fetch()
                .setRemote("origin")
                .setCredentialsProvider(credentials)
                .setProgressMonitor(limits)
                .setTimeout((int) Math.min(timeout.toSeconds(), 120))
                .setRecurseSubmodules(FetchRecurseSubmodulesMode.NO)
                .call();
      } catch (TransportException | org.eclipse.jgit.api.errors.JGitInternalException e) {
        if (limits.reason() != null && limits.reason() != TransferLimits.Reason.STOPPED) {
          throw GitProblems.limit(limits.reason(), maxBytes, timeout.toSeconds());
        }
        throw GitProblems.remote(e);
      }
      if (limits.afterwards() != null && limits.reason() != TransferLimits.Reason.STOPPED) {
        throw GitProblems.limit(limits.reason(), maxBytes, timeout.toSeconds());
      }
      if (branch == null) {
        branch = defaultBranch(fetched);
      }
      Ref remote = branch == null ? null : repo.exactRef("refs/remotes/origin/" + branch);
      String head = null;
      if (remote == null) {
        if (!repo.getRefDatabase().getRefsByPrefix("refs/remotes/origin/").isEmpty()
            || in.containsKey("branch")) {
          throw new TaskFailure(
              404,
              "branch_not_found",
              "Not found",
              "The remote has no branch " + (branch == null ? "to check out" : branch) + ".",
              List.of());
        }
        // an empty repository: stay on an unborn branch
        if (branch != null) {
          repo.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
        }
      } else {
        repos.checkFits(repo, remote.getObjectId(), "The repository breaks the files rules: ");
        String b = branch;
        files.exclusive(
            t,
            p,
            () -> {
              try {
                git.checkout()
                    .setCreateBranch(true)
                    .setName(b)
                    .setStartPoint("origin/" + b)
                    .setUpstreamMode(SetupUpstreamMode.TRACK)
                    .call();
              } catch (Exception e) {
                throw new IllegalStateException("Cannot check out " + b, e);
              }
              Optional<RuleBreach> breach = files.breach(t, p);
              if (breach.isPresent()) {
                throw GitProblems.breach(breach.get(), "The repository breaks the files rules: ");
              }
              return null;
            });
        head = remote.getObjectId().name();
      }
      done = true;
      var result = JSON.createObjectBuilder().add("branch", repo.getBranch());
      if (head != null) {
        result.add("head", head);
      } else {
        result.addNull("head");
      }
      return result.build();
    } catch (ProblemException e) {
      throw e;
    } finally {
      if (!done) {
        undo(t, p);
      }
    }
  }

  /** The branch the remote's HEAD names, or main or master, or null for an empty remote. */
  static String defaultBranch(FetchResult fetched) {
    Ref head = fetched.getAdvertisedRef(Constants.HEAD);
    if (head != null && head.isSymbolic()) {
      return Repository.shortenRefName(head.getTarget().getName());
    }
    Ref match = null;
    for (Ref r : fetched.getAdvertisedRefs()) {
      if (!r.getName().startsWith(Constants.R_HEADS)) {
        continue;
      }
      if (head != null
          && head.getObjectId() != null
          && head.getObjectId().equals(r.getObjectId())) {
        return Repository.shortenRefName(r.getName());
      }
      if (match == null || r.getName().endsWith("/main") || r.getName().endsWith("/master")) {
        match = r;
      }
    }
    return match == null ? null : Repository.shortenRefName(match.getName());
  }

  private void undo(String tenantId, String projectId) {
    try {
      files.exclusive(
          tenantId,
          projectId,
          () -> {
            repos.delete(tenantId, projectId);
            files.clear(tenantId, projectId);
            return null;
          });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot undo the clone into " + projectId, e);
    }
  }

  @Override
  public void interrupted(TaskContext task) {
    undo(task.tenantId(), task.projectId());
  }
}
