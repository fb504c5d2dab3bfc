package dev.atelier.core.projects;

import dev.atelier.core.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Finds projects for the rest of the core, the same way the projects API does. */
@ApplicationScoped
public class Projects {

  @Inject Transactions tx;

  /** The id of the project with this id or slug in {@code tenantId}; 404 when there is none. */
  public String idOf(String tenantId, String idOrSlug) {
    return tx.readInTenant(tenantId, em -> ProjectsResource.find(em, idOrSlug).id());
  }
}
