package dev.atelier.core.projects;

import jakarta.persistence.EntityManager;

/**
 * What deleting a project tells the features that keep things of a project (runs, chats,
 * automations, files), as synchronous CDI events, so that projects need not know them. An
 * observer's exception stops the deletion: before the transaction nothing is deleted, inside it the
 * transaction rolls back.
 */
public final class ProjectDeletion {

  private ProjectDeletion() {}

  /**
   * Fired before the deleting transaction: end what is in progress for the project (runs that have
   * not finished are cancelled, so no worker writes to them afterwards).
   */
  public record Starting(String tenantId, String projectId) {}

  /**
   * Fired inside the deleting transaction, before the project's row goes: delete what belongs to
   * the project through {@code em} (its tenant's), or register work for after the commit ({@code
   * Transactions.afterCommit}). Observers are ordered by {@code @Priority}: automations (100), runs
   * (200), chats (300), files (400).
   */
  public record Deleting(String tenantId, String projectId, EntityManager em) {}
}
