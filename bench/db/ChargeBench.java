import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The charge path of metering at the database: per model call one transaction that locks the
 * workspace's credit_accounts row (SELECT ... FOR UPDATE), looks the call's reference up in the
 * ledger, appends one credit_entries row with the balance after it and moves the balance, as
 * Metering.charge does in a run step's unit of work. The tables come from the core's own Flyway
 * scripts (every statement on credit_accounts and credit_entries, in version order).
 *
 * <p>java -cp classes:h2.jar:postgresql.jar ChargeBench MIGRATIONS SECONDS label=jdbc-url ...
 *
 * <p>For each database, side by side in one run: 1 and 8 threads charging one workspace (they
 * queue on its row lock) and 8 threads charging 8 workspaces. Prints a Markdown table of charges
 * per second and their ratios to 1 thread on the first database, and checks that every balance is
 * the sum of its ledger.
 */
public class ChargeBench {

  record Case(String name, int threads, int workspaces) {}

  static final List<Case> CASES =
      List.of(
          new Case("1 thread, 1 workspace", 1, 1),
          new Case("8 threads, 1 workspace", 8, 1),
          new Case("8 threads, 8 workspaces", 8, 8));

  public static void main(String[] args) throws Exception {
    Path migrations = Path.of(args[0]);
    int seconds = Integer.parseInt(args[1]);
    Map<String, String> dbs = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      dbs.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    List<String> schema = Schema.of(migrations, "credit_accounts", "credit_entries");
    Map<String, double[]> rates = new LinkedHashMap<>();
    // rounds alternate the databases, so neither profits from running last
    for (Map.Entry<String, String> db : dbs.entrySet()) {
      rates.put(db.getKey(), new double[CASES.size()]);
      try (Connection c = DriverManager.getConnection(db.getValue())) {
        create(c, schema);
      }
    }
    for (int n = 0; n < CASES.size(); n++) {
      for (Map.Entry<String, String> db : dbs.entrySet()) {
        Case k = CASES.get(n);
        run(db.getValue(), k, 2); // warm-up, not counted
        rates.get(db.getKey())[n] = run(db.getValue(), k, seconds);
        System.err.printf("%s, %s: %.0f charges/s%n", db.getKey(), k.name(), rates.get(db.getKey())[n]);
      }
    }
    for (Map.Entry<String, String> db : dbs.entrySet()) {
      try (Connection c = DriverManager.getConnection(db.getValue())) {
        exact(c);
      }
    }
    double base = rates.values().iterator().next()[0];
    StringBuilder out = new StringBuilder("| case |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String db : dbs.keySet()) {
      out.append(" ").append(db).append(": charges/s (ratio) |");
      rule.append("---:|");
    }
    out.append("\n").append(rule).append("\n");
    for (int n = 0; n < CASES.size(); n++) {
      out.append("| ").append(CASES.get(n).name()).append(" |");
      for (double[] r : rates.values()) {
        out.append(String.format(" %,.0f (%.2f) |", r[n], r[n] / base));
      }
      out.append("\n");
    }
    System.out.print(out);
  }

  static void create(Connection c, List<String> schema) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS credit_entries");
      s.execute("DROP TABLE IF EXISTS credit_accounts");
      s.execute("DROP TABLE IF EXISTS tenants");
      s.execute("CREATE TABLE tenants (id VARCHAR(36) PRIMARY KEY)");
      for (String st : schema) {
        s.execute(st);
      }
    }
  }

  /** Charges for {@code seconds}; the charges committed per second. */
  static double run(String url, Case k, int seconds) throws Exception {
    List<String> tenants = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url)) {
      for (int i = 0; i < k.workspaces(); i++) {
        String t = UUID.randomUUID().toString();
        tenants.add(t);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO tenants (id) VALUES (?)")) {
          p.setString(1, t);
          p.executeUpdate();
        }
        try (PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO credit_accounts (id, tenant_id, balance, purchased, updated_at)"
                    + " VALUES (?, ?, 0, 0, ?)")) {
          p.setString(1, UUID.randomUUID().toString());
          p.setString(2, t);
          p.setTimestamp(3, Timestamp.from(Instant.now()));
          p.executeUpdate();
        }
      }
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < k.threads(); i++) {
      String tenant = tenants.get(i % tenants.size());
      Thread t =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(url)) {
                  c.setAutoCommit(false);
                  c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                  while (!stop.get()) {
                    charge(c, tenant, "run:" + UUID.randomUUID() + ":1", 22);
                    done.incrementAndGet();
                  }
                } catch (Throwable e) {
                  synchronized (failures) {
                    failures.add(e);
                  }
                }
              });
      threads.add(t);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a charge failed", failures.get(0));
    }
    return done.get() / elapsed;
  }

  /** One model call's charge, in its own transaction. */
  static void charge(Connection c, String tenant, String reference, long credits)
      throws SQLException {
    try {
      String account;
      long balance;
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT id, balance FROM credit_accounts WHERE tenant_id = ? FOR UPDATE")) {
        p.setString(1, tenant);
        try (ResultSet r = p.executeQuery()) {
          r.next();
          account = r.getString(1);
          balance = r.getLong(2);
        }
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT id FROM credit_entries WHERE tenant_id = ? AND reference = ?")) {
        p.setString(1, tenant);
        p.setString(2, reference);
        try (ResultSet r = p.executeQuery()) {
          if (r.next()) {
            c.commit();
            return; // charged before
          }
        }
      }
      long after = balance - credits;
      Timestamp now = Timestamp.from(Instant.now());
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE credit_accounts SET balance = ?, updated_at = ? WHERE id = ?")) {
        p.setLong(1, after);
        p.setTimestamp(2, now);
        p.setString(3, account);
        p.executeUpdate();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO credit_entries (id, tenant_id, kind, amount, balance_after, reference,"
                  + " description, run_id, agent_name, model, tokens_input, tokens_output,"
                  + " created_at) VALUES (?, ?, 'consumption', ?, ?, ?, 'Model call openai:fake-1',"
                  + " ?, 'bench', 'openai:fake-1', 12, 5, ?)")) {
        p.setString(1, UUID.randomUUID().toString());
        p.setString(2, tenant);
        p.setLong(3, -credits);
        p.setLong(4, after);
        p.setString(5, reference);
        p.setString(6, UUID.randomUUID().toString());
        p.setTimestamp(7, now);
        p.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    }
  }

  /** Every balance is the sum of its ledger, and every entry's balance_after is distinct. */
  static void exact(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT a.tenant_id, a.balance, COALESCE(SUM(e.amount), 0), COUNT(e.id),"
                    + " COUNT(DISTINCT e.balance_after) FROM credit_accounts a LEFT JOIN"
                    + " credit_entries e ON e.tenant_id = a.tenant_id GROUP BY a.tenant_id,"
                    + " a.balance")) {
      while (r.next()) {
        if (r.getLong(2) != r.getLong(3) || r.getLong(4) != r.getLong(5)) {
          throw new IllegalStateException(
              "workspace " + r.getString(1) + ": balance " + r.getLong(2) + ", ledger sum "
                  + r.getLong(3) + ", entries " + r.getLong(4) + ", distinct balances "
                  + r.getLong(5));
        }
      }
    }
    System.err.println("every balance is the sum of its ledger");
  }
}
