package dev.atelier.core.automations;

import jakarta.persistence.EntityManager;

/** What the rest of the core does with automations. */
public final class Automations {

  private Automations() {}

  /**
   * Deletes the automations that run agents on project {@code projectId}, in the caller's
   * transaction {@code em}: with the project gone they would only fail at each due time.
   */
  public static void deleteAllOf(EntityManager em, String projectId) {
    em.createQuery("DELETE FROM Automation a WHERE a.projectId = :p")
        .setParameter("p", projectId)
        .executeUpdate();
  }
}
