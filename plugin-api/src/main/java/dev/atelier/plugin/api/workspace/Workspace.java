package dev.atelier.plugin.api.workspace;

import java.util.Optional;

/**
 * The session's tenant as the core knows it: its projects and members, read-only. Lookups never see
 * another tenant.
 *
 * @since 1.0.0
 */
public interface Workspace {

  /** The tenant's project with this id or slug. */
  Optional<ProjectRef> project(String idOrSlug);

  /** The tenant's member with this user id. */
  Optional<MemberRef> member(String userId);
}
