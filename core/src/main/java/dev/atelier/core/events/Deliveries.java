package dev.atelier.core.events;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.persistence.Database;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What superusers see of event deliveries, and the retry of those that failed. */
@ApplicationScoped
public class Deliveries {

  static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");

  @Inject Database database;
  @Inject OutboxDispatcher dispatcher;

  /**
   * One delivery of an event to a consumer.
   *
   * @param eventId the event's id, the same for all its consumers
   * @param type the event's type
   * @param tenantId the workspace it happened in
   * @param subjectId what it happened to
   * @param consumer who it is for ({@code plugin:<id>:<listener>})
   * @param status {@code pending}, {@code delivered} or {@code failed}
   * @param attempts attempts so far
   * @param nextAttemptAt when a pending one is tried next
   * @param lastError the error of the last failed attempt
   * @param createdAt when the event was committed
   * @param deliveredAt when it was delivered
   */
  public record DeliveryView(
      String eventId,
      String type,
      @Schema(nullable = true) String tenantId,
      @Schema(nullable = true) String subjectId,
      String consumer,
      String status,
      int attempts,
      Instant nextAttemptAt,
      @Schema(nullable = true) String lastError,
      Instant createdAt,
      @Schema(nullable = true) Instant deliveredAt) {}

  /** Deliveries in {@code status} (all when null), newest event first. */
  public Page<DeliveryView> list(String status, PageRequest page) {
    Check.start()
        .that(
            status == null || STATUSES.contains(status),
            "status",
            "must be pending, delivered or failed")
        .done();
    String where = status == null ? "" : " WHERE d.status = ?";
    List<DeliveryView> items = new ArrayList<>();
    long total;
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement st =
          c.prepareStatement(
              "SELECT d.event_id, e.type, e.tenant_id, e.subject_id, d.consumer, d.status,"
                  + " d.attempts, d.next_attempt_at, d.last_error, e.created_at, d.delivered_at"
                  + " FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id"
                  + where
                  + " ORDER BY e.seq DESC, d.consumer LIMIT ? OFFSET ?")) {
        int i = 1;
        if (status != null) {
          st.setString(i++, status);
        }
        st.setInt(i++, page.limit());
        st.setInt(i, page.offset());
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            items.add(
                new DeliveryView(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getInt(7),
                    instant(rs.getTimestamp(8)),
                    rs.getString(9),
                    instant(rs.getTimestamp(10)),
                    instant(rs.getTimestamp(11))));
          }
        }
      }
      try (PreparedStatement st =
          c.prepareStatement("SELECT COUNT(*) FROM outbox_deliveries d" + where)) {
        if (status != null) {
          st.setString(1, status);
        }
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return page.page(items, total);
  }

  /**
   * Tries the failed deliveries of event {@code eventId} again from the start. 404 when there is no
   * such event, 409 {@code nothing_failed} when none of its deliveries failed.
   */
  public void retry(String eventId) {
    try (Connection c = database.dataSource().getConnection()) {
      try (PreparedStatement st =
          c.prepareStatement("SELECT COUNT(*) FROM outbox_events WHERE id = ?")) {
        st.setString(1, eventId);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          if (rs.getLong(1) == 0) {
            throw ApiException.notFound("The event");
          }
        }
      }
      try (PreparedStatement st =
          c.prepareStatement(
              "UPDATE outbox_deliveries SET status = 'pending', attempts = 0,"
                  + " next_attempt_at = ?, last_error = NULL WHERE event_id = ? AND status = 'failed'")) {
        st.setTimestamp(1, Timestamp.from(Instant.now()));
        st.setString(2, eventId);
        if (st.executeUpdate() == 0) {
          throw ApiException.conflict(
              "nothing_failed", "None of this event's deliveries has failed.");
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    dispatcher.wake();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
