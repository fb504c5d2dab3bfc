package dev.atelier.core.projects;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.MasterKey;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The secrets of a project: named values encrypted with the master key, bound to their project and
 * name; their names can be listed, their values never leave the server.
 */
@ApplicationScoped
public class ProjectSecrets {

  @Inject Transactions tx;
  @Inject MasterKey masterKey;
  @Inject Audit audit;

  /** The names of a project's secrets (never their values), by name. */
  public Page<SecretView> list(String tenantId, String idOrSlug, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em -> {
          Project p = Projects.find(em, idOrSlug);
          return Paging.page(
              em.createQuery(
                      "SELECT s FROM ProjectSecret s WHERE s.projectId = :p ORDER BY s.name",
                      ProjectSecret.class)
                  .setParameter("p", p.id()),
              em.createQuery(
                      "SELECT COUNT(s) FROM ProjectSecret s WHERE s.projectId = :p", Long.class)
                  .setParameter("p", p.id()),
              page,
              s -> new SecretView(s.name(), s.createdAt(), s.updatedAt()));
        });
  }

  /**
   * Sets secret {@code key} of a project, encrypted; whether it was created (else replaced). Two
   * first writes of one name race to insert it: the loser runs again and replaces the value.
   */
  public boolean put(String tenantId, String idOrSlug, String key, String value) {
    return Transactions.retryOnUniqueViolation(
        2,
        () -> ApiException.conflict("conflict", "The secret is being changed concurrently."),
        () -> storeSecret(tenantId, idOrSlug, key, value));
  }

  private boolean storeSecret(String tenantId, String idOrSlug, String key, String value) {
    return tx.inTenant(
        tenantId,
        em -> {
          Project p = Projects.find(em, idOrSlug);
          String sealed = masterKey.encrypt(value, context(tenantId, p.id(), key));
          ProjectSecret existing =
              em.createQuery(
                      "SELECT s FROM ProjectSecret s WHERE s.projectId = :p AND s.name = :n",
                      ProjectSecret.class)
                  .setParameter("p", p.id())
                  .setParameter("n", key)
                  .getResultStream()
                  .findFirst()
                  .orElse(null);
          if (existing == null) {
            em.persist(new ProjectSecret(p.id(), key, sealed));
          } else {
            existing.replaceValue(sealed);
          }
          audit.record(
              em, existing == null ? "secret.created" : "secret.updated", "project", p.id(), key);
          return existing == null;
        });
  }

  /** Deletes secret {@code key} of a project; 404 when there is no such secret. */
  public void delete(String tenantId, String idOrSlug, String key) {
    tx.inTenantDo(
        tenantId,
        em -> {
          Project p = Projects.find(em, idOrSlug);
          int removed =
              em.createQuery("DELETE FROM ProjectSecret s WHERE s.projectId = :p AND s.name = :n")
                  .setParameter("p", p.id())
                  .setParameter("n", key)
                  .executeUpdate();
          if (removed == 0) {
            throw ApiException.notFound("The secret");
          }
          audit.record(em, "secret.deleted", "project", p.id(), key);
        });
  }

  /**
   * The value of secret {@code name} of project {@code projectId} (an id, already checked to be the
   * tenant's), for the server's own use (git credentials); never answered to a client.
   */
  public java.util.Optional<String> reveal(String tenantId, String projectId, String name) {
    return tx.readInTenant(
        tenantId,
        em ->
            em.createQuery(
                    "SELECT s FROM ProjectSecret s WHERE s.projectId = :p AND s.name = :n",
                    ProjectSecret.class)
                .setParameter("p", projectId)
                .setParameter("n", name)
                .getResultStream()
                .findFirst()
                .map(
                    s ->
                        masterKey.decrypt(s.valueEncrypted(), context(tenantId, projectId, name))));
  }

  /** What a secret's ciphertext is bound to, so it cannot be moved to another project or name. */
  static String context(String tenantId, String projectId, String name) {
    return "secret:" + tenantId + ":" + projectId + ":" + name;
  }
}
