package dev.atelier.core.plugins;

import dev.atelier.core.identity.User;
import dev.atelier.core.tenancy.Membership;
import dev.atelier.plugin.api.workspace.MemberRef;
import dev.atelier.plugin.api.workspace.ProjectRef;
import dev.atelier.plugin.api.workspace.Workspace;
import java.util.Optional;

/** A plugin's read-only view of its session's tenant, over the core's own services. */
final class WorkspaceView implements Workspace {

  private final PluginServices services;
  private final String tenantId;

  WorkspaceView(PluginServices services, String tenantId) {
    this.services = services;
    this.tenantId = tenantId;
  }

  @Override
  public Optional<ProjectRef> project(String idOrSlug) {
    return services
        .projects()
        .find(tenantId, idOrSlug)
        .map(p -> new ProjectRef(p.id(), p.slug(), p.name()));
  }

  @Override
  public Optional<MemberRef> member(String userId) {
    if (userId == null || userId.length() != 36) {
      return Optional.empty();
    }
    return services
        .transactions()
        .inPlatform(
            em -> {
              Membership m = em.find(Membership.class, new Membership.Key(tenantId, userId));
              User u = m == null ? null : em.find(User.class, userId);
              return u == null
                  ? Optional.empty()
                  : Optional.of(new MemberRef(u.id(), u.email(), u.name(), m.role()));
            });
  }
}
