package dev.atelier.core.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which queued tasks the claim may take, by the lane condition's SQL run on H2. */
class TaskLanesTest {

  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  private Connection c;

  private static final String BEHIND =
      TaskLanes.behind(
          Map.of(
              "git.clone", "git",
              "git.pull", "git",
              "agent.change", "git",
              "deploy", "deploy"));

  @BeforeEach
  void open() throws Exception {
    c = DriverManager.getConnection("jdbc:h2:mem:lanes-" + UUID.randomUUID());
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE tasks (id VARCHAR(36) PRIMARY KEY, tenant_id VARCHAR(36), kind"
              + " VARCHAR(64), project_id VARCHAR(36), status VARCHAR(16), created_at TIMESTAMP"
              + " WITH TIME ZONE)");
    }
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  private void task(String id, String kind, String project, String status, int second)
      throws Exception {
    try (PreparedStatement st =
        c.prepareStatement("INSERT INTO tasks VALUES (?, 'w1', ?, ?, ?, ?)")) {
      st.setString(1, id);
      st.setString(2, kind);
      st.setString(3, project);
      st.setString(4, status);
      st.setTimestamp(5, Timestamp.from(T0.plusSeconds(second)));
      st.executeUpdate();
    }
  }

  /** The queued tasks a worker may claim now, oldest first. */
  private List<String> claimable() throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT t.id FROM tasks t WHERE t.status = 'queued' AND NOT "
                    + BEHIND
                    + " ORDER BY t.created_at, t.id")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void aTaskOfALaneWaitsWhileAnotherOfItsProjectRunsOrWaits() throws Exception {
    task("change", "agent.change", "p1", "waiting", 0);
    task("pull", "git.pull", "p1", "queued", 1);
    task("other-project", "git.pull", "p2", "queued", 2);
    task("other-lane", "deploy", "p1", "queued", 3);
    task("no-lane", "mail", "p1", "queued", 4);
    assertEquals(List.of("other-project", "other-lane", "no-lane"), claimable());

    c.createStatement().executeUpdate("UPDATE tasks SET status = 'running' WHERE id = 'change'");
    assertEquals(List.of("other-project", "other-lane", "no-lane"), claimable());

    c.createStatement().executeUpdate("UPDATE tasks SET status = 'succeeded' WHERE id = 'change'");
    assertEquals(List.of("pull", "other-project", "other-lane", "no-lane"), claimable());
  }

  @Test
  void queuedTasksOfALaneStartInTheOrderTheyWereQueued() throws Exception {
    // a change resumed (queued again) goes before the pull queued behind it
    task("change", "agent.change", "p1", "queued", 0);
    task("pull", "git.pull", "p1", "queued", 5);
    assertEquals(List.of("change"), claimable());
    // two queued at the same instant: the smaller id first
    task("b", "git.clone", "p2", "queued", 7);
    task("a", "git.pull", "p2", "queued", 7);
    assertEquals(List.of("change", "a"), claimable());
  }

  @Test
  void endedTasksAndTasksWithoutAProjectHoldNothing() throws Exception {
    task("failed", "git.clone", "p1", "failed", 0);
    task("cancelled", "git.pull", "p1", "cancelled", 1);
    task("pull", "git.pull", "p1", "queued", 2);
    task("x", "git.pull", null, "running", 3);
    task("y", "git.pull", null, "queued", 4);
    assertEquals(List.of("pull", "y"), claimable());
  }

  @Test
  void withoutLanesThereIsNoConditionAndAKindMustBeAPlainName() {
    assertNull(TaskLanes.behind(Map.of()));
    assertThrows(
        IllegalStateException.class, () -> TaskLanes.behind(Map.of("git.pull') OR ('1'", "git")));
  }
}
