package dev.atelier.core.deployments;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.audit.Audit;
import dev.atelier.core.features.Features;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.core.projects.Project;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
import dev.atelier.core.tasks.TaskAccepted;
import dev.atelier.core.tasks.Tasks;
import dev.atelier.plugin.api.deploy.DeploymentCredentials;
import dev.atelier.plugin.api.deploy.DeploymentException;
import dev.atelier.plugin.api.deploy.DeploymentTarget;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deployments of a workspace: its provider credentials (checked by the provider, then stored
 * encrypted), and deployments queued as {@code deployment.run} tasks from a frozen snapshot of the
 * project's files. Another workspace's credentials, projects and deployments are not found.
 */
@ApplicationScoped
public class Deployments {

  private static final Logger LOG = Logger.getLogger(Deployments.class.getName());

  static final String KIND = "deployment.run";

  @Inject Transactions tx;
  @Inject Extensions extensions;
  @Inject Features features;
  @Inject MasterKey masterKey;
  @Inject Tasks tasks;
  @Inject Audit audit;
  @Inject Snapshots snapshots;

  // ---- providers

  /** The deployment targets of started plugins, by provider id (the first loaded wins). */
  Map<String, Provided<DeploymentTarget>> targets() {
    Map<String, Provided<DeploymentTarget>> byId = new LinkedHashMap<>();
    for (Provided<DeploymentTarget> p : extensions.all(DeploymentTarget.class)) {
      byId.putIfAbsent(p.extension().id(), p);
    }
    return byId;
  }

  /** The provider {@code id}, when a started plugin the tenant has switched on offers it. */
  Optional<Provided<DeploymentTarget>> target(String tenantId, String id) {
    Provided<DeploymentTarget> p = id == null ? null : targets().get(id);
    if (p == null || !features.enabled(tenantId, p.pluginId())) {
      return Optional.empty();
    }
    return Optional.of(p);
  }

  /** The problem a provider's refusal becomes. */
  static ProblemException problem(DeploymentException e) {
    return switch (e.code()) {
      case "deploy_auth_failed" ->
          new ProblemException(
              422, "deploy_auth_failed", "The provider refused the credentials", e.getMessage());
      case "deploy_rate_limited" ->
          new ProblemException(
              503, "deploy_rate_limited", "The provider is rate limiting", e.getMessage());
      default ->
          new ProblemException(502, "deploy_provider_error", "The provider failed", e.getMessage());
    };
  }

  private static String context(String tenantId, String credentialId) {
    return "deployment-credential:" + tenantId + ":" + credentialId;
  }

  // ---- credentials

  /** The tenant's credentials, by provider. */
  public Page<CredentialView> credentials(String tenantId, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em ->
            Paging.page(
                em.createQuery(
                    "SELECT c FROM DeploymentCredential c ORDER BY c.provider, c.id",
                    DeploymentCredential.class),
                em.createQuery("SELECT COUNT(c) FROM DeploymentCredential c", Long.class),
                page,
                CredentialView::of));
  }

  /**
   * Checks {@code token} with the provider and stores it encrypted, replacing the provider's
   * earlier credential: 422 {@code provider} when no such provider is installed, 422 {@code
   * deploy_auth_failed} when the provider refuses the token.
   */
  public CredentialView addCredential(String tenantId, String userId, CreateCredential body) {
    Provided<DeploymentTarget> p =
        target(tenantId, body.provider())
            .orElseThrow(
                () ->
                    ProblemException.validation(
                        "provider", "is not an installed deployment provider"));
    String account =
        body.account() == null || body.account().isBlank() ? null : body.account().trim();
    return store(
        tenantId, userId, p, new DeploymentCredentials(body.token().trim(), account), true);
  }

  /**
   * Checks {@code creds} with provider {@code p} and stores them encrypted, replacing the
   * provider's earlier credential; audited as {@code userId} ({@code signedIn}: the caller of this
   * request, else the user who started an OAuth authorization).
   */
  private CredentialView store(
      String tenantId,
      String userId,
      Provided<DeploymentTarget> p,
      DeploymentCredentials creds,
      boolean signedIn) {
    String provider = p.extension().id();
    String accountName =
        extensions.inSession(
            p.pluginId(),
            tenantId,
            s -> {
              try {
                return p.extension().verify(creds);
              } catch (DeploymentException e) {
                throw problem(e);
              }
            });
    String name =
        accountName == null || accountName.length() <= 200
            ? accountName
            : accountName.substring(0, 200);
    String account = creds.account();
    CredentialView stored =
        tx.inTenant(
            tenantId,
            em -> {
              for (DeploymentCredential old :
                  em.createQuery(
                          "SELECT c FROM DeploymentCredential c WHERE c.provider = :p",
                          DeploymentCredential.class)
                      .setParameter("p", provider)
                      .getResultList()) {
                em.remove(old);
              }
              em.flush();
              DeploymentCredential c = new DeploymentCredential(provider, account, name, userId);
              c.seal(masterKey.encrypt(creds.token(), context(tenantId, c.id())));
              em.persist(c);
              if (signedIn) {
                audit.record(
                    em, "deployment_credential.created", "deployment_credential", c.id(), provider);
              }
              return CredentialView.of(c);
            });
    if (!signedIn) {
      audit.recordFor(
          List.of(tenantId), userId, null, "deployment_credential.created", provider + " (OAuth)");
    }
    return stored;
  }

  // ---- OAuth

  /**
   * Starts an OAuth authorization of {@code providerId} for the workspace: keeps the keyed hash of
   * a fresh single-use state (which names the workspace) and answers the provider's page. 404 for a
   * provider the workspace does not have, 409 {@code deploy_oauth_not_configured} when the server
   * has no OAuth client for it.
   */
  public String authorize(String tenantId, String userId, String providerId, String callbackUri) {
    Provided<DeploymentTarget> p =
        target(tenantId, providerId)
            .orElseThrow(() -> ProblemException.notFound("The deployment provider"));
    if (!p.extension().oauthConfigured()) {
      throw ProblemException.conflict(
          "deploy_oauth_not_configured",
          "The server has no OAuth client for "
              + providerId
              + ": store a token with POST /deployment-credentials instead.");
    }
    String state = tenantId + "." + Secrets.token(24);
    String url =
        extensions.inSession(
            p.pluginId(), tenantId, s -> p.extension().authorizeUrl(callbackUri, state));
    tx.inTenantDo(
        tenantId,
        em -> {
          em.createQuery("DELETE FROM DeploymentOAuthState s WHERE s.expiresAt < :now")
              .setParameter("now", Times.now())
              .executeUpdate();
          em.persist(new DeploymentOAuthState(userId, providerId, masterKey.keyedHash(state)));
        });
    return url;
  }

  /**
   * Completes an OAuth authorization: claims the state (once: a replay finds nothing), exchanges
   * the code with the provider and stores the credentials as {@link #addCredential} does. 400
   * {@code invalid_state} for a state unknown, used, expired or of another provider; nothing is
   * stored when the provider refuses the code.
   */
  public CredentialView oauthCallback(
      String providerId, String state, String code, String callbackUri) {
    int dot = state.indexOf('.');
    if (dot <= 0) {
      throw invalidState();
    }
    String tenantId = state.substring(0, dot);
    String hash = masterKey.keyedHash(state);
    DeploymentOAuthState claimed =
        tx.inTenant(
            tenantId,
            em -> {
              DeploymentOAuthState found =
                  em.createQuery(
                          "SELECT s FROM DeploymentOAuthState s WHERE s.stateHash = :h",
                          DeploymentOAuthState.class)
                      .setParameter("h", hash)
                      .getResultStream()
                      .findFirst()
                      .orElse(null);
              // the delete is the claim: of two callbacks with one state, one deletes the row
              return found != null
                      && em.createQuery("DELETE FROM DeploymentOAuthState s WHERE s.stateHash = :h")
                              .setParameter("h", hash)
                              .executeUpdate()
                          == 1
                  ? found
                  : null;
            });
    if (claimed == null || claimed.expired() || !claimed.provider().equals(providerId)) {
      throw invalidState();
    }
    Provided<DeploymentTarget> p =
        target(tenantId, providerId)
            .orElseThrow(() -> ProblemException.notFound("The deployment provider"));
    DeploymentCredentials creds =
        extensions.inSession(
            p.pluginId(),
            tenantId,
            s -> {
              try {
                return p.extension().exchangeCode(code, callbackUri);
              } catch (DeploymentException e) {
                throw problem(e);
              }
            });
    return store(tenantId, claimed.userId(), p, creds, false);
  }

  private static ProblemException invalidState() {
    return new ProblemException(
        400, "invalid_state", "Bad request", "The authorization is unknown, expired or used.");
  }

  /** Deletes a credential; 404 when the tenant has none with this id. */
  public void deleteCredential(String tenantId, String id) {
    tx.inTenantDo(
        tenantId,
        em -> {
          DeploymentCredential c = id == null ? null : em.find(DeploymentCredential.class, id);
          if (c == null) {
            throw ProblemException.notFound("The credential");
          }
          em.remove(c);
          audit.record(
              em, "deployment_credential.deleted", "deployment_credential", id, c.provider());
        });
  }

  /** The tenant's decrypted credentials for {@code provider}, if stored. */
  Optional<DeploymentCredentials> reveal(EntityManager em, String tenantId, String provider) {
    return em
        .createQuery(
            "SELECT c FROM DeploymentCredential c WHERE c.provider = :p",
            DeploymentCredential.class)
        .setParameter("p", provider)
        .getResultList()
        .stream()
        .findFirst()
        .map(
            c ->
                new DeploymentCredentials(
                    masterKey.decrypt(c.tokenEncrypted(), context(tenantId, c.id())), c.account()));
  }

  // ---- deployments

  /**
   * Queues a deployment: 404 for another workspace's project, 422 for an unknown provider or a
   * missing output folder, 409 {@code deployment_credentials_missing} without credentials.
   */
  public DeploymentAccepted deploy(String tenantId, String userId, CreateDeployment body) {
    Project project = tx.readInTenant(tenantId, em -> Projects.find(em, body.projectId()));
    Provided<DeploymentTarget> p =
        target(tenantId, body.provider())
            .orElseThrow(
                () ->
                    ProblemException.validation(
                        "provider", "is not an installed deployment provider"));
    Path src = snapshots.source(tenantId, project.id(), body.outputDir());
    if (src == null) {
      throw ProblemException.validation("output_dir", "is not a folder of the project's files");
    }
    boolean hasCredentials =
        tx.readInTenant(tenantId, em -> reveal(em, tenantId, p.extension().id()).isPresent());
    if (!hasCredentials) {
      throw ProblemException.conflict(
          "deployment_credentials_missing",
          "The workspace has no credentials for " + p.extension().id() + ".");
    }
    return queue(
        tenantId, userId, project, p.extension().id(), body.target(), body.outputDir(), src);
  }

  /** Queues a deployment to every provider the tenant has credentials for; 409 when none. */
  public DeploymentsAccepted deployAll(String tenantId, String userId, DeployAll body) {
    Project project = tx.readInTenant(tenantId, em -> Projects.find(em, body.projectId()));
    Path src = snapshots.source(tenantId, project.id(), body.outputDir());
    if (src == null) {
      throw ProblemException.validation("output_dir", "is not a folder of the project's files");
    }
    List<String> providers =
        tx.readInTenant(
            tenantId,
            em ->
                em.createQuery(
                        "SELECT c.provider FROM DeploymentCredential c ORDER BY c.provider",
                        String.class)
                    .getResultList());
    List<String> usable =
        providers.stream().filter(id -> target(tenantId, id).isPresent()).toList();
    if (usable.isEmpty()) {
      throw ProblemException.conflict(
          "deployment_credentials_missing",
          "The workspace has no credentials for an installed deployment provider.");
    }
    String target = body.target() == null ? "production" : body.target();
    List<DeploymentAccepted> out = new ArrayList<>();
    for (String id : usable) {
      out.add(queue(tenantId, userId, project, id, target, body.outputDir(), src));
    }
    return new DeploymentsAccepted(out);
  }

  private DeploymentAccepted queue(
      String tenantId,
      String userId,
      Project project,
      String provider,
      String target,
      String outputDir,
      Path src) {
    Deployment d = new Deployment(project.id(), provider, target, outputDir, userId);
    snapshots.freeze(tenantId, project.id(), src, d.id());
    try {
      return tx.inTenant(
          tenantId,
          em -> {
            em.persist(d);
            TaskAccepted t =
                tasks.submit(
                    em,
                    KIND,
                    project.id(),
                    JSON.createObjectBuilder().add("deployment_id", d.id()).build(),
                    userId);
            d.taskId(t.taskId());
            audit.record(em, "deployment.queued", "deployment", d.id(), provider + " " + target);
            return new DeploymentAccepted(d.id(), provider, t.taskId());
          });
    } catch (RuntimeException e) {
      snapshots.delete(tenantId, d.id());
      throw e;
    }
  }

  /** A project's deployments, newest first; 404 for another workspace's project. */
  public Page<DeploymentView> list(String tenantId, String projectIdOrSlug, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Project p = Projects.find(em, projectIdOrSlug);
          return Paging.page(
              em.createQuery(
                      "SELECT d FROM Deployment d WHERE d.projectId = :p"
                          + " ORDER BY d.createdAt DESC, d.id",
                      Deployment.class)
                  .setParameter("p", p.id()),
              em.createQuery("SELECT COUNT(d) FROM Deployment d WHERE d.projectId = :p", Long.class)
                  .setParameter("p", p.id()),
              page,
              DeploymentView::of);
        });
  }

  /** A deployment; 404 when the tenant has none with this id. */
  public DeploymentView get(String tenantId, String id) {
    return tx.readInTenant(tenantId, em -> DeploymentView.of(find(em, id)));
  }

  static Deployment find(EntityManager em, String id) {
    Deployment d = id == null ? null : em.find(Deployment.class, id);
    if (d == null) {
      throw ProblemException.notFound("The deployment");
    }
    return d;
  }

  /**
   * Cancels a deployment that has not ended (at the provider too, when it got that far) or deletes
   * an ended one there; the deployment is kept as {@code cancelled}. 404 when not the tenant's.
   */
  public DeploymentView cancel(String tenantId, String id) {
    Deployment d = tx.readInTenant(tenantId, em -> find(em, id));
    if (d.reference() != null) {
      Optional<Provided<DeploymentTarget>> p = target(tenantId, d.provider());
      Optional<DeploymentCredentials> creds =
          tx.readInTenant(tenantId, em -> reveal(em, tenantId, d.provider()));
      if (p.isPresent() && creds.isPresent()) {
        extensions.inSession(
            p.get().pluginId(),
            tenantId,
            s -> {
              try {
                p.get().extension().cancel(creds.get(), d.reference());
              } catch (DeploymentException e) {
                throw problem(e);
              }
              return null;
            });
      }
    }
    DeploymentView v =
        tx.inTenant(
            tenantId,
            em -> {
              Deployment x = find(em, id);
              x.update(DeploymentStatusNames.CANCELLED, null, null, null);
              audit.record(em, "deployment.cancelled", "deployment", id, x.provider());
              return DeploymentView.of(x);
            });
    try {
      snapshots.delete(tenantId, id);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Cannot delete the snapshot of deployment " + id, e);
    }
    return v;
  }

  /** Deletes the deployments of a project being deleted, in its deleting transaction. */
  void deleteOf(@Observes ProjectDeletion.Deleting deletion) {
    deletion
        .em()
        .createQuery("DELETE FROM Deployment d WHERE d.projectId = :p")
        .setParameter("p", deletion.projectId())
        .executeUpdate();
  }
}
