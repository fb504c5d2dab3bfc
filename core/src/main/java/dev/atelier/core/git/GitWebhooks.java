package dev.atelier.core.git;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.gitproviders.GitProviders;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.core.projects.Projects;
import dev.atelier.core.security.MasterKey;
import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.git.GitProvider;
import dev.atelier.plugin.api.git.GitPush;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayInputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Push webhooks of git hosts: a project linked to a repository at a host (with a secret the server
 * generates) is pulled when the host reports a push to the linked branch. A delivery is verified by
 * the provider against each link of its repository, applied once per delivery id (a unique key):
 * the delivery is recorded and the pull queued in one transaction, behind the project's git task
 * when one is under way; the pull publishes event {@code git.pushed} once it has merged the push.
 */
@ApplicationScoped
public class GitWebhooks {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Transactions tx;
  @Inject GitProviders providers;
  @Inject Extensions extensions;
  @Inject MasterKey masterKey;
  @Inject ProjectGit git;
  @Inject Audit audit;
  @Inject AtelierConfig config;

  private static String context(GitWebhook w) {
    return "git-webhook:" + w.tenantId() + ":" + w.projectId();
  }

  private String url(String provider) {
    return config.publicUrl() + "/api/v1/webhooks/git-" + provider + "/events";
  }

  private WebhookView view(GitWebhook w, String secret) {
    return new WebhookView(
        w.projectId(),
        w.provider(),
        w.repository(),
        w.branch(),
        url(w.provider()),
        secret,
        w.createdAt());
  }

  /** Links the project (replacing its link) with a fresh secret, answered once. */
  public WebhookView link(String tenantId, String userId, String idOrSlug, LinkWebhook body) {
    providers.provider(tenantId, body.provider());
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String secret = HexFormat.of().formatHex(b);
    return Transactions.retryOnUniqueViolation(
        2,
        () -> ApiException.conflict("conflict", "The link is being changed concurrently."),
        () ->
            tx.inTenant(
                tenantId,
                em -> {
                  String projectId = Projects.find(em, idOrSlug).id();
                  GitWebhook w = em.find(GitWebhook.class, projectId);
                  if (w == null) {
                    w = new GitWebhook(tenantId, projectId, userId);
                    em.persist(w);
                  }
                  w.link(
                      body.provider(),
                      body.repository(),
                      body.branch(),
                      masterKey.encrypt(secret, context(w)));
                  audit.record(em, "git.webhook_linked", "project", projectId, body.repository());
                  return view(w, secret);
                }));
  }

  /** The project's link, without its secret; 404 when it has none. */
  public WebhookView get(String tenantId, String idOrSlug) {
    return tx.readInTenant(tenantId, em -> view(find(em, tenantId, idOrSlug), null));
  }

  /** Removes the project's link; 404 when it has none. */
  public void unlink(String tenantId, String idOrSlug) {
    tx.inTenantDo(
        tenantId,
        em -> {
          GitWebhook w = find(em, tenantId, idOrSlug);
          em.createQuery("DELETE FROM GitDelivery d WHERE d.projectId = :p")
              .setParameter("p", w.projectId())
              .executeUpdate();
          em.remove(w);
          audit.record(em, "git.webhook_unlinked", "project", w.projectId(), w.repository());
        });
  }

  private static GitWebhook find(EntityManager em, String tenantId, String idOrSlug) {
    String projectId = Projects.find(em, idOrSlug).id();
    GitWebhook w = em.find(GitWebhook.class, projectId);
    if (w == null || !w.tenantId().equals(tenantId)) {
      throw ProblemException.notFound("The webhook");
    }
    return w;
  }

  /**
   * Receives a delivery of {@code providerId}: 404 for a provider no plugin offers, 400 {@code
   * bad_signature} when no link of the repository verifies it.
   */
  public PushReceipt receive(String providerId, Map<String, String> headers, byte[] body) {
    Provided<GitProvider> p =
        providers.all().stream()
            .filter(x -> x.extension().id().equals(providerId))
            .findFirst()
            .orElseThrow(() -> ProblemException.notFound("The git provider"));
    String repository = repositoryHint(body);
    List<GitWebhook> links =
        tx.inPlatform(
            em -> {
              var q =
                  em.createQuery(
                          "SELECT w FROM GitWebhook w WHERE w.provider = :p"
                              + (repository == null ? "" : " AND LOWER(w.repository) = :r"),
                          GitWebhook.class)
                      .setParameter("p", providerId);
              if (repository != null) {
                q.setParameter("r", repository);
              }
              return q.getResultList();
            });
    for (GitWebhook w : links) {
      Optional<Optional<GitPush>> verified = verify(p, w, headers, body);
      if (verified.isEmpty()) {
        continue;
      }
      if (verified.get().isEmpty()) {
        return new PushReceipt("ignored", null);
      }
      return apply(w, verified.get().get());
    }
    throw badSignature();
  }

  private static ApiException badSignature() {
    return new ApiException(
        400, "bad_signature", "Bad request", "The delivery matches no linked repository.");
  }

  /** Empty when the link's secret does not verify the delivery. */
  private Optional<Optional<GitPush>> verify(
      Provided<GitProvider> p, GitWebhook w, Map<String, String> headers, byte[] body) {
    if (!providers.enabled(w.tenantId(), p)) {
      return Optional.empty();
    }
    String secret = masterKey.decrypt(w.secretSealed(), context(w));
    return extensions.inSession(
        p.pluginId(),
        w.tenantId(),
        session -> {
          try {
            return Optional.of(p.extension().verifyPush(headers, body, secret));
          } catch (GitException e) {
            return Optional.empty();
          }
        });
  }

  private PushReceipt apply(GitWebhook w, GitPush push) {
    if (push.repository() == null || !w.repository().equalsIgnoreCase(push.repository())) {
      throw badSignature();
    }
    if (push.deliveryId() == null
        || push.deliveryId().isBlank()
        || push.deliveryId().length() > 200
        || push.branch() == null
        || !GitRepos.validBranch(push.branch())) {
      throw new ApiException(
          400, "invalid_delivery", "Bad request", "The delivery has no id or no valid branch.");
    }
    String branch = w.branch();
    return Transactions.retryOnUniqueViolation(
        2,
        () -> ApiException.conflict("conflict", "The delivery is being applied concurrently."),
        () -> {
          if (delivered(w, push)) {
            return new PushReceipt("duplicate", null);
          }
          Optional<ProjectGit.PushPull> pull =
              branch != null && !branch.equals(push.branch())
                  ? Optional.empty()
                  : git.pullOnPush(
                      w.tenantId(),
                      w.createdBy(),
                      w.projectId(),
                      push.branch(),
                      JSON.createObjectBuilder()
                          .add("provider", w.provider())
                          .add("repository", push.repository())
                          .add("after", push.after() == null ? "" : push.after())
                          .build(),
                      em -> record(em, w, push));
          if (pull.isEmpty()) {
            tx.inTenantDo(w.tenantId(), em -> record(em, w, push));
            return new PushReceipt("ignored", null);
          }
          return new PushReceipt(
              pull.get().behind() ? "queued" : "pulled", pull.get().task().taskId());
        });
  }

  private boolean delivered(GitWebhook w, GitPush push) {
    return tx.readInTenant(
        w.tenantId(),
        em ->
            !em.createQuery(
                    "SELECT d.id FROM GitDelivery d WHERE d.projectId = :p AND d.deliveryId = :d")
                .setParameter("p", w.projectId())
                .setParameter("d", push.deliveryId())
                .getResultList()
                .isEmpty());
  }

  /** Records the delivery: a unique key refuses a second copy. */
  private static void record(EntityManager em, GitWebhook w, GitPush push) {
    em.persist(new GitDelivery(w.projectId(), push.deliveryId(), push.branch(), push.after()));
    em.flush();
  }

  /**
   * The repository a delivery names ({@code repository.full_name}, or GitLab's {@code
   * project.path_with_namespace}), lowercased, read before the signature is checked only to narrow
   * the links whose secrets may verify it; null when the body names none.
   */
  private static String repositoryHint(byte[] body) {
    try (JsonReader r = JSON.createReader(new ByteArrayInputStream(body))) {
      JsonObject o = r.readObject();
      String name = null;
      if (o.get("repository") instanceof JsonObject repo) {
        name = repo.getString("full_name", null);
      }
      if (name == null && o.get("project") instanceof JsonObject project) {
        name = project.getString("path_with_namespace", null);
      }
      return name == null ? null : name.toLowerCase(Locale.ROOT);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
