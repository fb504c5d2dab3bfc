package dev.atelier.plugin.api.data;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Declares the plugin's JPA entities. The host builds a persistence unit of these classes on the
 * plugin's class loader and the server's database, after running the plugin's Flyway migrations
 * from {@code db/plugin/<plugin-id>/} (SQL files {@code V<n>__<description>.sql} that work on H2
 * and PostgreSQL, recorded in the plugin's own history table).
 *
 * <p>Every entity is tenant-owned: its table needs a {@code tenant_id VARCHAR(36) NOT NULL} column,
 * which the host fills on insert and adds to every query, so one tenant never reads or writes
 * another's rows. Do not map {@code tenant_id} in the entity. {@code Instant} attributes map to
 * {@code TIMESTAMP WITH TIME ZONE} columns through {@link InstantConverter}, which the host adds.
 *
 * @since 1.0.0
 */
public interface EntityProvider extends ExtensionPoint {

  /** The entity (and converter) classes of the plugin; called once at start-up. */
  List<Class<?>> entityClasses();
}
