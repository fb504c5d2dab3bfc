package dev.atelier.plugin.api.data;

import jakarta.persistence.EntityManager;
import java.util.function.Function;

/**
 * The plugin's own tables, bound to the session's tenant: every entity read, written or queried
 * through the entity managers handed out here is filtered by and stamped with that tenant.
 *
 * @since 1.0.0
 */
public interface PluginData {

  /**
   * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws.
   * Do not keep the entity manager.
   */
  <T> T inTransaction(Function<EntityManager, T> work);

  /** Runs read-only {@code work} without a transaction; each query sees committed data. */
  <T> T read(Function<EntityManager, T> work);

  /**
   * Whether {@code thrown} was caused by a unique or primary-key violation, so a plugin can answer
   * a concurrent duplicate with 409 instead of 500.
   */
  boolean isUniqueViolation(Throwable thrown);
}
