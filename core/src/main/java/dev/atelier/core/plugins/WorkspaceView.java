package dev.atelier.core.plugins;

import dev.atelier.core.identity.User;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.projects.Project;
import dev.atelier.core.tenancy.Membership;
import dev.atelier.plugin.api.workspace.MemberRef;
import dev.atelier.plugin.api.workspace.ProjectRef;
import dev.atelier.plugin.api.workspace.Workspace;
import java.util.Optional;

/** A plugin's read-only view of its session's tenant. */
final class WorkspaceView implements Workspace {

  private final Transactions tx;
  private final String tenantId;

  WorkspaceView(Transactions tx, String tenantId) {
    this.tx = tx;
    this.tenantId = tenantId;
  }

  @Override
  public Optional<ProjectRef> project(String idOrSlug) {
    if (idOrSlug == null || idOrSlug.isBlank() || idOrSlug.length() > 64) {
      return Optional.empty();
    }
    return tx.readInTenant(
        tenantId,
        em -> {
          Project p = idOrSlug.length() == 36 ? em.find(Project.class, idOrSlug) : null;
          if (p == null) {
            p =
                em.createQuery("SELECT p FROM Project p WHERE p.slug = :s", Project.class)
                    .setParameter("s", idOrSlug)
                    .getResultStream()
                    .findFirst()
                    .orElse(null);
          }
          return Optional.ofNullable(p).map(x -> new ProjectRef(x.id(), x.slug(), x.name()));
        });
  }

  @Override
  public Optional<MemberRef> member(String userId) {
    if (userId == null || userId.length() != 36) {
      return Optional.empty();
    }
    return tx.inPlatform(
        em -> {
          Membership m = em.find(Membership.class, new Membership.Key(tenantId, userId));
          User u = m == null ? null : em.find(User.class, userId);
          return u == null
              ? Optional.empty()
              : Optional.of(new MemberRef(u.id(), u.email(), u.name(), m.role()));
        });
  }
}
