package dev.atelier.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts {@code atelier.jar} once for the whole test run (every test class that uses this extension
 * shares it) and stops it at the end. The database is the embedded H2 under a fresh data directory,
 * or, with {@code -Datelier.test.db=postgres}, a fresh PostgreSQL database created for the run and
 * dropped after it.
 */
public final class AtelierServer implements BeforeAllCallback {

  public static final String ADMIN_EMAIL = "root@atelier.test";
  public static final String ADMIN_PASSWORD = "root-password-for-tests";

  private static volatile Running running;

  /** The base URL of the started server, e.g. {@code http://127.0.0.1:41234}. */
  public static String baseUrl() {
    if (running == null) {
      throw new IllegalStateException("The server has not been started");
    }
    return running.baseUrl;
  }

  public static boolean onPostgres() {
    return "postgres".equals(System.getProperty("atelier.test.db", "h2"));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (AtelierServer.class) {
      if (running == null) {
        Running r = start();
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .put("atelier-server", (ExtensionContext.Store.CloseableResource) r::stop);
        running = r;
      }
    }
  }

  private static Running start() throws Exception {
    String pgDatabase = onPostgres() ? createPgDatabase() : null;
    Map<String, String> env = new java.util.HashMap<>();
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Running r = launch("shared", env, List.of("--nocluster"), pgDatabase);
    return new Running(r.process(), r.baseUrl(), pgDatabase, r.work());
  }

  /** Creates a throwaway PostgreSQL database and returns its name. */
  static String createPgDatabase() throws SQLException {
    String name = "atelier_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    adminSql("CREATE DATABASE " + name);
    return name;
  }

  static String pgUrl(String database) {
    String url = System.getProperty("atelier.test.pg.url");
    return url.substring(0, url.lastIndexOf('/') + 1) + database;
  }

  /**
   * Starts one server process and waits until it is ready. {@code pgDatabase} null means the
   * embedded H2 in a fresh data directory; the returned handle does not drop the database.
   */
  static Running launch(
      String name, Map<String, String> extraEnv, List<String> extraArgs, String pgDatabase)
      throws Exception {
    Path jar = Path.of(System.getProperty("atelier.jar", "target/atelier.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " does not exist: run the package phase first");
    }
    Path work =
        Path.of(System.getProperty("atelier.test.workdir", "target/system-test"))
            .resolve(
                System.getProperty("atelier.test.db", "h2")
                    + "-"
                    + name
                    + "-"
                    + System.currentTimeMillis());
    Files.createDirectories(work.resolve("tmp"));
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-Djava.io.tmpdir=" + work.resolve("tmp"));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(extraArgs);
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--rootdir");
    command.add(work.resolve("payara").toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ATELIER_"));
    env.put("ATELIER_DATA_DIR", work.resolve("data").toString());
    // Each test client sends its own X-Forwarded-For, so per-address limits do not collide.
    env.put("ATELIER_HTTP_TRUSTED_PROXIES", "127.0.0.1,::1");
    if (pgDatabase != null) {
      env.put("ATELIER_DB_URL", pgUrl(pgDatabase));
      env.put("ATELIER_DB_USER", System.getProperty("atelier.test.pg.user", "postgres"));
    }
    env.putAll(extraEnv);
    pb.redirectErrorStream(true);
    pb.redirectOutput(work.resolve("server.log").toFile());
    long started = System.nanoTime();
    Process process = pb.start();
    Running r = new Running(process, "http://127.0.0.1:" + port, null, work);
    try {
      waitUntilReady(r);
    } catch (Exception e) {
      r.stop();
      throw new IllegalStateException(
          "The server did not become ready; see " + work.resolve("server.log"), e);
    }
    System.out.printf(
        Locale.ROOT,
        "Atelier (%s) started for tests at %s (%s) in %d ms%n",
        name,
        r.baseUrl,
        pgDatabase != null ? "PostgreSQL " + pgDatabase : "H2",
        (System.nanoTime() - started) / 1_000_000);
    return r;
  }

  private static void waitUntilReady(Running r) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!r.process.isAlive()) {
        throw new IllegalStateException("The server exited with " + r.process.exitValue());
      }
      try {
        HttpResponse<String> res =
            client.send(
                HttpRequest.newBuilder(URI.create(r.baseUrl + "/health/ready"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Timed out");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void adminSql(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                System.getProperty("atelier.test.pg.url"),
                System.getProperty("atelier.test.pg.user", "postgres"),
                "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A started server process. */
  record Running(Process process, String baseUrl, String pgDatabase, Path work) {
    void stop() throws Exception {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (pgDatabase != null) {
        adminSql("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
      }
    }
  }
}
