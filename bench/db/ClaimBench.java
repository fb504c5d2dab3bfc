import dev.atelier.core.tasks.TaskLanes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The task queue's claim at the database: the query a worker runs at each poll for the oldest
 * queued tasks (five, FOR UPDATE SKIP LOCKED on PostgreSQL), with the lane condition of ADR 0030
 * ({@link TaskLanes#behind}, the core's own) beside the same query without it, on a busy table.
 * The table comes from the core's own Flyway scripts.
 *
 * <p>java -cp classes:core-classes:h2.jar:postgresql.jar ClaimBench MIGRATIONS ROUNDS FINISHED
 * label=jdbc-url ...
 *
 * <p>The table: FINISHED ended tasks over 2,000 projects of 20 workspaces; 40 projects with a git
 * task running and 40 with an agent change waiting, each with a pull queued behind it; 20 clones of
 * other projects and 20 tasks of a kind without a lane queued after them. The rounds alternate the
 * two queries; prints the median and 99th percentile in microseconds and their ratio.
 */
public class ClaimBench {

  static final Map<String, String> LANES =
      Map.of("git.clone", "git", "git.push", "git", "git.pull", "git", "agent.change", "git");

  public static void main(String[] args) throws Exception {
    Path migrations = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    int finished = Integer.parseInt(args[2]);
    Map<String, String> dbs = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      dbs.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    List<String> schema = Schema.of(migrations, "tasks");
    StringBuilder out =
        new StringBuilder(
            "| database | query | median µs | p99 µs | median ratio | tasks it offers |\n"
                + "|---|---|---:|---:|---:|---|\n");
    for (Map.Entry<String, String> db : dbs.entrySet()) {
      try (Connection c = DriverManager.getConnection(db.getValue())) {
        boolean pg = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        create(c, schema);
        seed(c, finished);
        if (pg) {
          try (Statement s = c.createStatement()) {
            s.execute("ANALYZE tasks");
          }
        }
        String lock = pg ? " FOR UPDATE SKIP LOCKED" : "";
        String plain = query("t.status = 'queued'", lock);
        String lanes = query("t.status = 'queued' AND NOT " + TaskLanes.behind(LANES), lock);
        c.setAutoCommit(false);
        for (int i = 0; i < 200; i++) { // warm-up, not counted
          time(c, plain);
          time(c, lanes);
        }
        long[] a = new long[rounds];
        long[] b = new long[rounds];
        for (int i = 0; i < rounds; i++) {
          a[i] = time(c, plain);
          b[i] = time(c, lanes);
        }
        Arrays.sort(a);
        Arrays.sort(b);
        double base = a[rounds / 2];
        out.append(row(db.getKey(), "without lanes", a, base, offered(c, plain)));
        out.append(row(db.getKey(), "with lanes (ADR 0030)", b, base, offered(c, lanes)));
        c.rollback();
      }
    }
    System.out.print(out);
  }

  static String query(String where, String lock) {
    return "SELECT t.id, t.tenant_id, t.kind, t.project_id, t.created_by, t.input, t.status,"
        + " t.lease_until, t.attempts FROM tasks t WHERE "
        + where
        + " ORDER BY t.created_at LIMIT 5"
        + lock;
  }

  static String row(String db, String name, long[] nanos, double base, String offered) {
    long median = nanos[nanos.length / 2];
    long p99 = nanos[(int) (nanos.length * 0.99)];
    return String.format(
        "| %s | %s | %,.0f | %,.0f | %.2f | %s |%n",
        db, name, median / 1000.0, p99 / 1000.0, median / base, offered);
  }

  /** One claim's query, read to the end and rolled back (its row locks released): nanoseconds. */
  static long time(Connection c, String sql) throws Exception {
    long start = System.nanoTime();
    try (PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        rs.getString(6);
      }
    }
    c.rollback();
    return System.nanoTime() - start;
  }

  /** The kinds of the tasks the query offers, in its order. */
  static String offered(Connection c, String sql) throws Exception {
    List<String> kinds = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        kinds.add(rs.getString(3));
      }
    }
    c.rollback();
    return String.join(", ", kinds);
  }

  static void create(Connection c, List<String> schema) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS tasks");
      s.execute("DROP TABLE IF EXISTS tenants");
      s.execute("CREATE TABLE tenants (id VARCHAR(36) PRIMARY KEY)");
      for (String st : schema) {
        s.execute(st);
      }
    }
  }

  static void seed(Connection c, int finished) throws Exception {
    c.setAutoCommit(false);
    List<String> tenants = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement("INSERT INTO tenants VALUES (?)")) {
      for (int i = 0; i < 20; i++) {
        tenants.add(UUID.randomUUID().toString());
        st.setString(1, tenants.get(i));
        st.executeUpdate();
      }
    }
    List<String> projects = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      projects.add(UUID.randomUUID().toString());
    }
    String[] kinds = {"git.clone", "git.push", "git.pull", "agent.change", "deploy"};
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO tasks (id, tenant_id, kind, project_id, status, input, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)")) {
      int n = 0;
      for (int i = 0; i < finished; i++) {
        add(st, tenants.get(i % 20), kinds[i % 5], projects.get(i % 2000), "succeeded", t0, n++);
      }
      for (int p = 0; p < 80; p++) {
        String kind = p < 40 ? "git.push" : "agent.change";
        add(st, tenants.get(p % 20), kind, projects.get(p), p < 40 ? "running" : "waiting", t0, n++);
      }
      for (int p = 0; p < 80; p++) {
        add(st, tenants.get(p % 20), "git.pull", projects.get(p), "queued", t0, n++);
      }
      for (int p = 80; p < 100; p++) {
        add(st, tenants.get(p % 20), "git.clone", projects.get(p), "queued", t0, n++);
      }
      for (int p = 100; p < 120; p++) {
        add(st, tenants.get(p % 20), "deploy", projects.get(p), "queued", t0, n++);
      }
      st.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  static void add(
      PreparedStatement st, String tenant, String kind, String project, String status, Instant t0,
      int n)
      throws Exception {
    Timestamp at = Timestamp.from(t0.plusMillis(n));
    st.setString(1, UUID.randomUUID().toString());
    st.setString(2, tenant);
    st.setString(3, kind);
    st.setString(4, project);
    st.setString(5, status);
    st.setTimestamp(6, at);
    st.setTimestamp(7, at);
    st.addBatch();
    if (n % 1000 == 999) {
      st.executeBatch();
    }
  }
}
