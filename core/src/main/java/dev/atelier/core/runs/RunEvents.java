package dev.atelier.core.runs;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The event log of runs. Durable events (status changes, steps, tool calls and results, the answer)
 * are numbered per run and stored, so a client resumes a stream with {@code Last-Event-ID} on any
 * node; text deltas of a streaming model answer go only to the listeners on the node that runs the
 * step (the full text is in the step and the answer).
 */
@ApplicationScoped
public class RunEvents {

  /** One event: its number (0 for a live delta), type and JSON data. */
  public record Event(long seq, String type, String data) {}

  @Inject Database database;

  private final Map<String, List<Consumer<Event>>> listeners = new ConcurrentHashMap<>();

  /** Stores an event of {@code runId} and hands it to the live listeners; returns its number. */
  public long append(String tenantId, String runId, String type, String json) {
    // The read-only tool calls of one step run in parallel and each appends events: two appends
    // may take the same number, and the loser (refused by the primary key) takes the next one.
    for (int attempt = 1; ; attempt++) {
      try {
        long seq = insert(tenantId, runId, type, json);
        notify(runId, new Event(seq, type, json));
        return seq;
      } catch (SQLException e) {
        if (attempt >= 10 || !Transactions.isUniqueViolation(e)) {
          throw new IllegalStateException("Cannot store an event of run " + runId, e);
        }
      }
    }
  }

  private long insert(String tenantId, String runId, String type, String json) throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      long seq;
      try (PreparedStatement next =
          c.prepareStatement("SELECT COALESCE(MAX(seq), 0) + 1 FROM run_events WHERE run_id = ?")) {
        next.setString(1, runId);
        try (ResultSet rs = next.executeQuery()) {
          rs.next();
          seq = rs.getLong(1);
        }
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO run_events (run_id, seq, tenant_id, type, data, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, runId);
        insert.setLong(2, seq);
        insert.setString(3, tenantId);
        insert.setString(4, type);
        insert.setString(5, json);
        insert.setTimestamp(6, Timestamp.from(Times.now()));
        insert.executeUpdate();
      }
      return seq;
    }
  }

  /** Hands a live-only event (a text delta) to the listeners of {@code runId} on this node. */
  public void live(String runId, String type, String json) {
    notify(runId, new Event(0, type, json));
  }

  private void notify(String runId, Event event) {
    List<Consumer<Event>> list = listeners.get(runId);
    if (list != null) {
      list.forEach(l -> l.accept(event));
    }
  }

  /** The stored events of {@code runId} in {@code tenantId} after number {@code after}. */
  public List<Event> after(String tenantId, String runId, long after) {
    List<Event> out = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT seq, type, data FROM run_events WHERE run_id = ? AND tenant_id = ?"
                    + " AND seq > ? ORDER BY seq")) {
      st.setString(1, runId);
      st.setString(2, tenantId);
      st.setLong(3, after);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the events of run " + runId, e);
    }
    return out;
  }

  /**
   * The number of the latest stored event of each of {@code runIds} that has any, in one query: how
   * a node notices events written by other nodes without reading them for every client.
   */
  Map<String, Long> latest(Collection<String> runIds) {
    Map<String, Long> out = new HashMap<>();
    if (runIds.isEmpty()) {
      return out;
    }
    String marks = String.join(", ", Collections.nCopies(runIds.size(), "?"));
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT run_id, MAX(seq) FROM run_events WHERE run_id IN ("
                    + marks
                    + ") GROUP BY run_id")) {
      int i = 1;
      for (String id : runIds) {
        st.setString(i++, id);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the progress of runs", e);
    }
    return out;
  }

  /** Starts handing the live events of {@code runId} to {@code listener}. */
  public void subscribe(String runId, Consumer<Event> listener) {
    listeners.computeIfAbsent(runId, k -> new CopyOnWriteArrayList<>()).add(listener);
  }

  public void unsubscribe(String runId, Consumer<Event> listener) {
    listeners.computeIfPresent(
        runId,
        (k, list) -> {
          list.remove(listener);
          return list.isEmpty() ? null : list;
        });
  }
}
