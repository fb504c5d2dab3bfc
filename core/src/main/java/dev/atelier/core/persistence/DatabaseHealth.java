package dev.atelier.core.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Whether the database answers, known without waiting for it. A failed attempt to get a connection
 * marks it down; while it is down, asking for a connection fails at once ({@link
 * DatabaseUnavailableException}, answered 503 {@code database_unavailable}) instead of waiting out
 * the pool's timeout on every request; a probe on the database's own schedule ({@link #probe})
 * marks it up again as soon as a connection validates. Readiness reads the state, it does not wait.
 */
public final class DatabaseHealth {

  private static final Logger LOG = Logger.getLogger(DatabaseHealth.class.getName());

  private final AtomicBoolean down = new AtomicBoolean();
  private volatile String reason = "";
  private volatile long downSince;

  /** Whether the database answered the last time it was asked. */
  public boolean up() {
    return !down.get();
  }

  /** Why it is down (empty when up). */
  public String reason() {
    return reason;
  }

  /**
   * The level for logging a failure of periodic database work: a warning while the database
   * answers, detail while it is down (one warning already said so, and the work retries).
   */
  public Level logLevel() {
    return up() ? Level.WARNING : Level.FINE;
  }

  void markDown(Throwable cause) {
    reason = String.valueOf(cause.getMessage());
    if (down.compareAndSet(false, true)) {
      downSince = System.nanoTime();
      LOG.warning("The database does not answer (" + reason + "); requests get 503 until it does");
    }
  }

  void markUp() {
    if (down.compareAndSet(true, false)) {
      reason = "";
      LOG.info(
          "The database answers again after "
              + (System.nanoTime() - downSince) / 1_000_000
              + " ms");
    }
  }

  /**
   * Asks {@code pool} for a connection and validates it within {@code timeoutSeconds}: up or down
   * by the answer; when every pooled connection is in use, a connection of its own ({@code direct})
   * answers instead. Run every second by {@link Database}, whatever the state.
   */
  void probe(DataSource pool, int timeoutSeconds, BooleanSupplier busy, Direct direct) {
    try (Connection c = pool.getConnection()) {
      validate(c, timeoutSeconds);
    } catch (SQLTransientConnectionException e) {
      if (e.getCause() != null || !busy.getAsBoolean()) {
        markDown(e);
        return;
      }
      // every pooled connection is in use: busy, or stuck on a database that went silent; a
      // connection of its own tells which
      try (Connection c = direct.open()) {
        validate(c, timeoutSeconds);
      } catch (SQLException | RuntimeException f) {
        markDown(f);
      }
    } catch (SQLException | RuntimeException e) {
      markDown(e);
    }
  }

  private void validate(Connection c, int timeoutSeconds) throws SQLException {
    if (c.isValid(timeoutSeconds)) {
      markUp();
    } else {
      markDown(new SQLException("the connection did not validate"));
    }
  }

  /** Opens a connection to the database outside the pool, with short timeouts. */
  @FunctionalInterface
  interface Direct {
    Connection open() throws SQLException;
  }

  /**
   * {@code pool} behind this health: while the database is down, connections are refused at once; a
   * failure to get one marks it down, unless {@code busy} says the pool has live connections that
   * are all in use (the wait was for a free one, not for the database) and the failure has no cause
   * from the driver.
   */
  DataSource guard(DataSource pool, BooleanSupplier busy) {
    return new Guarded(pool, this, busy);
  }

  /** A connection refused because the database is known to be down. */
  public static final class DatabaseUnavailableException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    DatabaseUnavailableException(String reason) {
      super("The database is unavailable: " + reason, "08001");
    }
  }

  private record Guarded(DataSource pool, DatabaseHealth health, BooleanSupplier busy)
      implements DataSource {

    @Override
    public Connection getConnection() throws SQLException {
      if (!health.up()) {
        throw new DatabaseUnavailableException(health.reason());
      }
      try {
        return pool.getConnection();
      } catch (SQLTransientConnectionException e) {
        if (e.getCause() != null || !busy.getAsBoolean()) {
          health.markDown(e);
        }
        throw e;
      }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("The pool's credentials are fixed");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return pool.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return iface.isInstance(pool) ? iface.cast(pool) : pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return iface.isInstance(pool) || pool.isWrapperFor(iface);
    }
  }
}
