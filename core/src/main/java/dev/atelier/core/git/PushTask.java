package dev.atelier.core.git;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.tasks.TaskContext;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.core.tasks.TaskHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Pushes a branch to a remote ({@code git.push}) with the credentials of the remote's project
 * secret, within the time limit. A push changes no file and may be done again: a task whose server
 * stopped during it is started again.
 */
@ApplicationScoped
public class PushTask implements TaskHandler {

  @Inject GitRepos repos;
  @Inject AtelierConfig config;

  @Override
  public String kind() {
    return ProjectGit.PUSH;
  }

  @Override
  public String lane() {
    return ChangeBranches.LANE;
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public JsonObject run(TaskContext task) throws Exception {
    String remote = task.input().getString("remote");
    String branch = task.input().getString("branch");
    Duration timeout = config.gitTimeout();
    try (Repository repo = repos.open(task.tenantId(), task.projectId())) {
      String url = url(repo, remote);
      repos.checkUrl("url", url);
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      if (ref == null) {
        throw GitProblems.noBranch(branch);
      }
      String status =
          push(
              repos.gitDir(task.tenantId(), task.projectId()),
              repo,
              remote,
              new RefSpec(ref.getName() + ":" + ref.getName()),
              repos.credentials(task.tenantId(), task.projectId(), repo, remote),
              timeout,
              task,
              branch);
      return JSON.createObjectBuilder()
          .add("remote", remote)
          .add("branch", branch)
          .add("head", ref.getObjectId().name())
          .add("status", status)
          .build();
    }
  }

  /**
   * Pushes {@code spec} to {@code remote} within {@code timeout}: {@code ok} or {@code up_to_date};
   * 409 {@code push_rejected} when the remote has commits the branch lacks, 502 {@code push_failed}
   * when it refuses the push otherwise.
   */
  static String push(
      java.nio.file.Path gitDir,
      Repository repo,
      String remote,
      RefSpec spec,
      org.eclipse.jgit.transport.CredentialsProvider credentials,
      Duration timeout,
      dev.atelier.core.tasks.TaskContext task,
      String branch)
      throws Exception {
    TransferLimits limits = new TransferLimits(gitDir, Long.MAX_VALUE / 2, timeout, task);
    Iterable<PushResult> results;
    try {
      results =
          Git.wrap(repo)
              .push()
              .setRemote(remote)
              .setRefSpecs(spec)
              .setCredentialsProvider(credentials)
              .setProgressMonitor(limits)
              .setTimeout((int) Math.min(timeout.toSeconds(), 120))
              .call();
    } catch (TransportException e) {
      if (limits.reason() == TransferLimits.Reason.TIME) {
        throw GitProblems.limit(limits.reason(), 0, timeout.toSeconds());
      }
      throw GitProblems.remote(e);
    }
    String status = "ok";
    for (PushResult r : results) {
      for (RemoteRefUpdate u : r.getRemoteUpdates()) {
        switch (u.getStatus()) {
          case OK, NON_EXISTING -> {}
          case UP_TO_DATE -> status = "up_to_date";
          case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
              throw GitProblems.pushRejected(
                  "The remote's "
                      + branch
                      + " has commits this one lacks: pull first, then push again.");
          default ->
              throw new TaskFailure(
                  502,
                  "push_failed",
                  "Push failed",
                  "The remote refused the push of "
                      + branch
                      + ": "
                      + u.getStatus()
                      + (u.getMessage() == null ? "" : " (" + u.getMessage() + ")"),
                  List.of());
        }
      }
    }
    return status;
  }

  /** The URL of {@code remote}; 404 {@code remote_not_found} when there is none. */
  static String url(Repository repo, String remote) throws Exception {
    for (RemoteConfig rc : RemoteConfig.getAllRemoteConfigs(repo.getConfig())) {
      if (rc.getName().equals(remote) && !rc.getURIs().isEmpty()) {
        return rc.getURIs().get(0).toString();
      }
    }
    throw new TaskFailure(
        404, "remote_not_found", "Not found", "There is no remote " + remote + ".", List.of());
  }
}
