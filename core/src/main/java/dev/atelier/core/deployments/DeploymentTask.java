package dev.atelier.core.deployments;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.tasks.TaskContext;
import dev.atelier.core.tasks.TaskHandler;
import dev.atelier.plugin.api.deploy.DeploymentCredentials;
import dev.atelier.plugin.api.deploy.DeploymentException;
import dev.atelier.plugin.api.deploy.DeploymentRequest;
import dev.atelier.plugin.api.deploy.DeploymentSnapshot;
import dev.atelier.plugin.api.deploy.DeploymentStatus;
import dev.atelier.plugin.api.deploy.DeploymentTarget;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a deployment ({@code deployment.run}): starts it at the provider from its snapshot (the
 * provider is told every file's digest and gets only those it lacks), records the provider's
 * reference, then polls until it is ready, failed or cancelled. Resumable: a task whose node
 * stopped starts again; with a reference it goes on polling, without one it starts the deployment
 * again (files uploaded before are not sent twice). A deployment that cannot go on ends in {@code
 * error} with the reason in its log, and its snapshot is removed.
 */
@ApplicationScoped
public class DeploymentTask implements TaskHandler {

  private static final Logger LOG = Logger.getLogger(DeploymentTask.class.getName());

  @Inject Transactions tx;
  @Inject Deployments deployments;
  @Inject Snapshots snapshots;
  @Inject Extensions extensions;
  @Inject AtelierConfig config;

  @Override
  public String kind() {
    return Deployments.KIND;
  }

  @Override
  public boolean resumable() {
    return true;
  }

  @Override
  public JsonObject run(TaskContext task) throws Exception {
    String t = task.tenantId();
    String id = task.input().getString("deployment_id");
    Deployment d = tx.readInTenant(t, em -> Deployments.find(em, id));
    if (d.finished()) {
      return result(d);
    }
    try {
      return deploy(task, d);
    } catch (ProblemException e) {
      if (!task.stopRequested()) {
        fail(t, id, e.getMessage() == null ? e.code() : e.getMessage());
      }
      throw e;
    }
  }

  private JsonObject deploy(TaskContext task, Deployment d) throws Exception {
    String t = task.tenantId();
    Provided<DeploymentTarget> p =
        deployments
            .target(t, d.provider())
            .orElseThrow(
                () ->
                    new ProblemException(
                        409,
                        "deployment_provider_missing",
                        "Provider not installed",
                        "No installed plugin deploys to " + d.provider() + "."));
    DeploymentCredentials creds =
        tx.readInTenant(t, em -> deployments.reveal(em, t, d.provider()))
            .orElseThrow(
                () ->
                    ProblemException.conflict(
                        "deployment_credentials_missing",
                        "The workspace's credentials for " + d.provider() + " were removed."));
    String reference = d.reference();
    if (reference == null) {
      if (!snapshots.exists(t, d.id())) {
        throw ProblemException.conflict(
            "deployment_snapshot_missing", "The files of the deployment are no longer there.");
      }
      DeploymentSnapshot snapshot = snapshots.open(t, d.id());
      update(t, d.id(), DeploymentStatusNames.UPLOADING, null, null, null);
      task.progress(10, "Uploading " + snapshot.files().size() + " files to " + d.provider());
      String name = tx.readInTenant(t, em -> Projects.find(em, d.projectId()).slug());
      DeploymentStatus s =
          call(
              p,
              t,
              target ->
                  target.start(
                      new DeploymentRequest(
                          creds, name, "production".equals(d.target()), snapshot)));
      reference = s.reference();
      if (update(t, d.id(), s.state(), reference, s.url(), s.log())) {
        return finish(t, d.id());
      }
    }
    task.progress(60, "Building at " + d.provider());
    Instant deadline = Instant.now().plus(config.deploymentTimeout());
    String ref = reference;
    while (true) {
      if (task.stopRequested()) {
        throw new IllegalStateException("The node stops; the deployment resumes elsewhere");
      }
      Thread.sleep(config.deploymentPoll().toMillis());
      DeploymentStatus s = call(p, t, target -> target.status(creds, ref));
      if (update(t, d.id(), s.state(), null, s.url(), s.log())) {
        return finish(t, d.id());
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ProblemException(
            504,
            "deployment_timeout",
            "Deployment timed out",
            "The provider did not finish the deployment in time.");
      }
    }
  }

  private interface Call {
    DeploymentStatus apply(DeploymentTarget target) throws DeploymentException;
  }

  private DeploymentStatus call(Provided<DeploymentTarget> p, String tenantId, Call call) {
    return extensions.inSession(
        p.pluginId(),
        tenantId,
        s -> {
          try {
            return call.apply(p.extension());
          } catch (DeploymentException e) {
            throw Deployments.problem(e);
          }
        });
  }

  /** Records what the provider said, unless the deployment ended; whether it has ended now. */
  private boolean update(String t, String id, String state, String ref, String url, String log) {
    return tx.inTenant(
        t,
        em -> {
          Deployment x = Deployments.find(em, id);
          if (!x.finished()) {
            x.update(state, ref, url, log);
          }
          return x.finished();
        });
  }

  private JsonObject finish(String t, String id) {
    snapshots.delete(t, id);
    Deployment d = tx.readInTenant(t, em -> Deployments.find(em, id));
    if (DeploymentStatusNames.ERROR.equals(d.status())) {
      throw new ProblemException(
          422,
          "deployment_failed",
          "The deployment failed",
          d.log() == null ? "The provider reports an error." : d.log());
    }
    return result(d);
  }

  private static JsonObject result(Deployment d) {
    var b = JSON.createObjectBuilder().add("deployment_id", d.id()).add("status", d.status());
    if (d.url() != null) {
      b.add("url", d.url());
    }
    return b.build();
  }

  private void fail(String t, String id, String reason) {
    try {
      update(t, id, DeploymentStatusNames.ERROR, null, null, reason);
      snapshots.delete(t, id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot record the failure of deployment " + id, e);
    }
  }

  @Override
  public void interrupted(TaskContext task) {
    fail(
        task.tenantId(),
        task.input().getString("deployment_id", ""),
        "The deployment was interrupted by a restart and could not be resumed.");
  }
}
