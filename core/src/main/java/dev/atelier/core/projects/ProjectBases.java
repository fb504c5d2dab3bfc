package dev.atelier.core.projects;

/**
 * Creates a project from a base (a project template a plugin provides): implemented outside this
 * package, where the files and agents features are known.
 */
public interface ProjectBases {

  /**
   * Creates project {@code body} in {@code tenantId} by {@code userId} with the files and agents of
   * base {@code body.base()}; a failure leaves no project behind.
   */
  ProjectView create(String tenantId, String userId, CreateProject body);
}
