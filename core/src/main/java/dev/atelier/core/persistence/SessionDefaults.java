package dev.atelier.core.persistence;

import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * What every persistence unit of the server sets on its EclipseLink session: no retries of a query
 * whose connection failed. EclipseLink otherwise tries such a query three more times, five seconds
 * apart, holding the request for fifteen seconds while the database is away; the pool already waits
 * a bounded time for a connection, and a request that cannot get one answers 503.
 */
public class SessionDefaults implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    session.getLogin().setQueryRetryAttemptCount(0);
    session.getLogin().setDelayBetweenConnectionAttempts(0);
  }
}
