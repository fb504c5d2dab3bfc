package dev.atelier.core.git;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.files.RuleBreach;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.tasks.TaskContext;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.core.tasks.TaskHandler;
import dev.atelier.plugin.api.event.CoreEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SubmoduleConfig.FetchRecurseSubmodulesMode;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Pulls the current branch from a remote ({@code git.pull}): fetches within the size and time
 * limits, then merges under the files' lock as the user who asked. The work tree must have no
 * uncommitted change; a merge that conflicts, or whose files would break the files rules, is
 * undone, leaving the files as they were, and fails with 409 {@code merge_conflict} (the
 * conflicting paths) or the rule's problem.
 *
 * <p>A pull for a push a host reported (input {@code push}) that finds the project on another
 * branch (it waited behind another git task) does nothing and ends with status {@code skipped};
 * once it has merged, it publishes event {@code git.pushed}.
 */
@ApplicationScoped
public class PullTask implements TaskHandler {

  @Inject GitRepos repos;
  @Inject ProjectFiles files;
  @Inject AtelierConfig config;
  @Inject Outbox events;

  @Override
  public String kind() {
    return ProjectGit.PULL;
  }

  @Override
  public String lane() {
    return ChangeBranches.LANE;
  }

  @Override
  public JsonObject run(TaskContext task) throws Exception {
    String t = task.tenantId();
    String p = task.projectId();
    String remote = task.input().getString("remote");
    String branch = task.input().getString("branch");
    Duration timeout = config.gitTimeout();
    long maxBytes = config.gitMaxFetchBytes();
    PersonIdent me = repos.person(task.createdBy());
    try (Repository repo = repos.open(t, p)) {
      Git git = Git.wrap(repo);
      repos.checkUrl("url", PushTask.url(repo, remote));
      JsonObject push = task.input().getJsonObject("push");
      if (push != null && !branch.equals(repo.getBranch())) {
        return JSON.createObjectBuilder()
            .add("remote", remote)
            .add("branch", branch)
            .add("status", "skipped")
            .build();
      }
      if (!branch.equals(repo.getBranch())) {
        throw new TaskFailure(
            409,
            "branch_changed",
            "Conflict",
            "The project is no longer on " + branch + ".",
            List.of());
      }
      String tracking = "refs/remotes/" + remote + "/" + branch;
      ObjectId trackedBefore = repo.resolve(tracking);
      TransferLimits limits = new TransferLimits(repos.gitDir(t, p), maxBytes, timeout, task);
      try {
        git.fetch()
            .setRemote(remote)
            .setCredentialsProvider(repos.credentials(t, p, repo, remote))
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
        // the remote branch is as before, so that a later pull fetches it again and is refused
        // again; what was fetched stays in the object database, unused
        org.eclipse.jgit.lib.RefUpdate back = repo.updateRef(tracking);
        back.setForceUpdate(true);
        if (trackedBefore == null) {
          back.delete();
        } else {
          back.setNewObjectId(trackedBefore);
          back.update();
        }
        throw GitProblems.limit(limits.reason(), maxBytes, timeout.toSeconds());
      }
      Ref upstream = repo.exactRef(tracking);
      if (upstream == null) {
        throw new TaskFailure(
            404,
            "branch_not_found",
            "Not found",
            "The remote " + remote + " has no branch " + branch + ".",
            List.of());
      }
      JsonObject merged =
          files.exclusive(t, p, () -> merge(task, repo, git, upstream, remote, branch, me));
      if (push != null) {
        events.publish(
            CoreEvents.GIT_PUSHED,
            t,
            p,
            java.util.Map.of(
                "provider", push.getString("provider", ""),
                "repository", push.getString("repository", ""),
                "branch", branch,
                "after", push.getString("after", "")));
      }
      return merged;
    }
  }

  private JsonObject merge(
      TaskContext task,
      Repository repo,
      Git git,
      Ref upstream,
      String remote,
      String branch,
      PersonIdent me) {
    try {
      Status s = git.status().call();
      if (s.hasUncommittedChanges()) {
        TreeSet<String> dirty = new TreeSet<>();
        dirty.addAll(s.getUncommittedChanges());
        throw GitProblems.uncommitted(new ArrayList<>(dirty));
      }
      ObjectId before = repo.resolve(Constants.HEAD);
      MergeResult r =
          git.merge()
              .include(upstream)
              .setCommit(false)
              .setMessage("Merge " + remote + "/" + branch + " into " + branch)
              .call();
      switch (r.getMergeStatus()) {
        case CONFLICTING -> {
          List<String> paths = List.copyOf(new TreeSet<>(r.getConflicts().keySet()));
          undo(git, before);
          throw GitProblems.mergeConflict(paths);
        }
        case FAILED -> {
          List<String> paths =
              r.getFailingPaths() == null
                  ? List.of()
                  : List.copyOf(new TreeSet<>(r.getFailingPaths().keySet()));
          undo(git, before);
          throw GitProblems.checkoutConflict(paths);
        }
        case MERGED_NOT_COMMITTED -> {
          Optional<RuleBreach> breach = files.breach(task.tenantId(), task.projectId());
          if (breach.isPresent()) {
            undo(git, before);
            throw GitProblems.breach(breach.get(), "The merge breaks the files rules: ");
          }
          git.commit()
              .setMessage("Merge " + remote + "/" + branch + " into " + branch)
              .setAuthor(me)
              .setCommitter(me)
              .setNoVerify(true)
              .setSign(false)
              .call();
        }
        default -> {
          Optional<RuleBreach> breach = files.breach(task.tenantId(), task.projectId());
          if (breach.isPresent()) {
            undo(git, before);
            throw GitProblems.breach(breach.get(), "The merge breaks the files rules: ");
          }
        }
      }
      RevCommit head = repo.parseCommit(repo.resolve(Constants.HEAD));
      return JSON.createObjectBuilder()
          .add("remote", remote)
          .add("branch", branch)
          .add("head", head.getName())
          .add("status", r.getMergeStatus().name().toLowerCase(java.util.Locale.ROOT))
          .build();
    } catch (TaskFailure f) {
      throw f;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot merge " + remote + "/" + branch, e);
    }
  }

  /** Puts the files and the branch back as they were before the merge. */
  private static void undo(Git git, ObjectId before) throws Exception {
    if (before == null) {
      // an unborn branch: nothing was there to keep
      git.getRepository().writeMergeHeads(null);
      return;
    }
    git.reset().setMode(ResetType.HARD).setRef(before.name()).call();
  }
}
