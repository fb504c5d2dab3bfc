package dev.atelier.testkit;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts one Atelier server for the whole test run (every test class that
 * uses it, directly or through {@link AtelierTest}, shares it) and stops it at the end.
 *
 * <p>How the server is launched, from system properties (the build sets them):
 *
 * <ul>
 *   <li>{@code atelier.jar}: when set, runs that self-contained jar ({@code
 *       distribution/target/atelier.jar});
 *   <li>otherwise {@code atelier.testkit.payara} (the {@code payara-micro} jar) and {@code
 *       atelier.testkit.war} (the core WAR, deployed at {@code /} as {@code ROOT.war}): what plugin
 *       modules use;
 *   <li>{@code atelier.testkit.plugins}: plugin archives (jar or zip) separated by the platform's
 *       path separator, copied into the server's plugins directory ({@code ATELIER_PLUGINS_DIR});
 *   <li>{@code atelier.test.workdir}: where each server gets a folder of its own (data, plugins,
 *       Payara's root directory, {@code server.log}); default {@code target/system-test};
 *   <li>{@code atelier.test.db}: {@code h2} (default, an embedded database in a fresh data
 *       directory) or {@code postgres}: a fresh database created for the run on the server of
 *       {@code atelier.test.pg.url} (any database of that server, e.g. {@code
 *       jdbc:postgresql://127.0.0.1:5432/postgres}) as {@code atelier.test.pg.user} without a
 *       password, dropped after it;
 *   <li>{@code atelier.test.startup-seconds}: how long to wait for a server to become ready
 *       (default 420: a machine busy with other work can take minutes).
 * </ul>
 *
 * <p>The server gets the platform superuser {@link #ADMIN_EMAIL} (see {@link Accounts#superuser()})
 * and trusts {@code X-Forwarded-For} from loopback, so that each {@link Api} client counts as an
 * address of its own for rate limits.
 */
public final class AtelierServer implements BeforeAllCallback {

  /** The e-mail address of the platform superuser the server creates at start-up. */
  public static final String ADMIN_EMAIL = "root@atelier.test";

  /** The password of {@link #ADMIN_EMAIL}. */
  public static final String ADMIN_PASSWORD = "root-password-for-tests";

  private static volatile Running running;

  /** The base URL of the started server, e.g. {@code http://127.0.0.1:41234}. */
  public static String baseUrl() {
    if (running == null) {
      throw new IllegalStateException(
          "The server has not been started: annotate the test class with @AtelierTest");
    }
    return running.baseUrl;
  }

  /**
   * The JDBC URL of the shared server's PostgreSQL database, for tests that check rows the API does
   * not show; empty on H2 (whose file the server holds locked).
   */
  public static java.util.Optional<String> pgJdbcUrl() {
    baseUrl();
    return java.util.Optional.ofNullable(running.pgDatabase).map(AtelierServer::pgUrl);
  }

  /** Whether the tests run on PostgreSQL ({@code -Datelier.test.db=postgres}) rather than H2. */
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
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
    Running r = launch("shared", env, List.of("--nocluster"), pgDatabase);
    return new Running(r.process(), r.baseUrl(), pgDatabase, r.work());
  }

  /** Creates a throwaway PostgreSQL database and returns its name; see {@link #dropPgDatabase}. */
  public static String createPgDatabase() throws SQLException {
    String name = "atelier_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    adminSql("CREATE DATABASE " + name);
    return name;
  }

  /** Drops a database made by {@link #createPgDatabase()}, closing its connections. */
  public static void dropPgDatabase(String name) throws SQLException {
    adminSql("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** The JDBC URL of {@code database} on the server of {@code atelier.test.pg.url}. */
  public static String pgUrl(String database) {
    String url = System.getProperty("atelier.test.pg.url");
    if (url == null) {
      throw new IllegalStateException("Set atelier.test.pg.url to test on PostgreSQL");
    }
    return url.substring(0, url.lastIndexOf('/') + 1) + database;
  }

  /**
   * Starts one more server process and waits until it is ready, for tests that need servers of
   * their own (several clustered nodes, a particular configuration). The shared server does not
   * need this.
   *
   * @param name a short name for the log line and the work folder
   * @param extraEnv environment variables for the server, overriding the defaults
   * @param extraArgs Payara Micro options, e.g. {@code --nocluster}
   * @param pgDatabase a database from {@link #createPgDatabase()}, or null for an embedded H2 in a
   *     fresh data directory; the returned handle does not drop it
   * @return the started server; {@link Running#stop() stop} it when done
   */
  public static Running launch(
      String name, Map<String, String> extraEnv, List<String> extraArgs, String pgDatabase)
      throws Exception {
    return startIn(workFolder(name), name, extraEnv, extraArgs, pgDatabase);
  }

  /**
   * Starts a server again in the work folder of a stopped one, as an operator restarts one: the
   * same data folder and the same Payara root directory ({@code --rootdir}); its output goes to the
   * next free {@code server-<n>.log}; {@code pgDatabase} as given to the first start.
   */
  public static Running relaunch(
      Running stopped, Map<String, String> extraEnv, List<String> extraArgs, String pgDatabase)
      throws Exception {
    return startIn(stopped.work(), "restarted", extraEnv, extraArgs, pgDatabase);
  }

  /** The output of the latest start in {@code work}: {@code server.log}, then server-2.log … */
  public static Path latestLog(Path work) {
    Path latest = work.resolve("server.log");
    for (int n = 2; Files.exists(work.resolve("server-" + n + ".log")); n++) {
      latest = work.resolve("server-" + n + ".log");
    }
    return latest;
  }

  private static Path nextLog(Path work) {
    Path log = work.resolve("server.log");
    for (int n = 2; Files.exists(log); n++) {
      log = work.resolve("server-" + n + ".log");
    }
    return log;
  }

  private static Running startIn(
      Path work,
      String name,
      Map<String, String> extraEnv,
      List<String> extraArgs,
      String pgDatabase)
      throws Exception {
    // A port found free can be taken by another listener before the server binds it; Payara
    // Micro then logs the bind failure and hangs instead of exiting. Such a start is stopped and
    // made again on another port.
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(work, name, extraEnv, extraArgs, pgDatabase);
      } catch (PortTaken e) {
        if (attempt == 3) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        System.out.printf(Locale.ROOT, "Atelier (%s): %s; starting again%n", name, e.getMessage());
      }
    }
  }

  private static Running startOnce(
      Path work,
      String name,
      Map<String, String> extraEnv,
      List<String> extraArgs,
      String pgDatabase)
      throws Exception {
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-Djava.io.tmpdir=" + work.resolve("tmp"));
    command.add("-jar");
    command.addAll(serverArguments(work));
    command.addAll(extraArgs);
    command.add("--port");
    command.add(Integer.toString(port));
    command.add("--rootdir");
    command.add(work.resolve("payara").toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("ATELIER_"));
    env.putAll(environment(work, pgDatabase));
    env.putAll(extraEnv);
    pb.redirectErrorStream(true);
    Path log = nextLog(work);
    pb.redirectOutput(log.toFile());
    long started = System.nanoTime();
    Process process = pb.start();
    Running r = new Running(process, "http://127.0.0.1:" + port, null, work);
    try {
      waitUntil(r, r.baseUrl + "/health/ready", code -> code == 200, log);
    } catch (PortTaken e) {
      r.stop();
      throw e;
    } catch (Exception e) {
      dumpThreads(process); // into the server's log, to see what it was waiting for
      r.stop();
      throw new IllegalStateException("The server did not become ready; see " + log, e);
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

  /** The server's HTTP port was taken by another listener before the server could bind it. */
  static final class PortTaken extends Exception {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
    }
  }

  /**
   * A new work folder for a server named {@code name}, under {@code atelier.test.workdir}, with an
   * empty {@code tmp/}.
   */
  static Path workFolder(String name) throws IOException {
    Path work =
        Path.of(System.getProperty("atelier.test.workdir", "target/system-test"))
            .resolve(
                System.getProperty("atelier.test.db", "h2")
                    + "-"
                    + name
                    + "-"
                    + System.currentTimeMillis())
            .toAbsolutePath();
    Files.createDirectories(work.resolve("tmp"));
    return work;
  }

  /**
   * The environment every test server gets: data and plugins folders in {@code work} (the plugins
   * of {@code atelier.testkit.plugins} copied in), loopback trusted as a proxy, and the database of
   * {@code pgDatabase} (null: an embedded H2 in the data folder).
   */
  static Map<String, String> environment(Path work, String pgDatabase) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_DATA_DIR", work.resolve("data").toString());
    env.put("ATELIER_PLUGINS_DIR", copyPlugins(work.resolve("plugins")).toString());
    // Each test client sends its own X-Forwarded-For, so per-address limits do not collide.
    env.put("ATELIER_HTTP_TRUSTED_PROXIES", "127.0.0.1,::1");
    if (pgDatabase != null) {
      env.put("ATELIER_DB_URL", pgUrl(pgDatabase));
      env.put("ATELIER_DB_USER", System.getProperty("atelier.test.pg.user", "postgres"));
    }
    return env;
  }

  /**
   * What follows {@code java -jar}: {@code atelier.jar}, or Payara Micro deploying a copy of the
   * core WAR named {@code ROOT.war} (so that it serves at {@code /}).
   */
  private static List<String> serverArguments(Path work) throws IOException {
    String jar = System.getProperty("atelier.jar");
    if (jar != null && !jar.isBlank()) {
      return List.of(existing(jar, "atelier.jar").toString());
    }
    String payara = System.getProperty("atelier.testkit.payara");
    String war = System.getProperty("atelier.testkit.war");
    if (payara == null || payara.isBlank() || war == null || war.isBlank()) {
      throw new IllegalStateException(
          "Tell the testkit what to start: -Datelier.jar=<atelier.jar>, or"
              + " -Datelier.testkit.payara=<payara-micro.jar> and"
              + " -Datelier.testkit.war=<atelier-core.war>");
    }
    Path root = work.resolve("ROOT.war");
    Files.copy(existing(war, "atelier.testkit.war"), root, StandardCopyOption.REPLACE_EXISTING);
    return List.of(
        existing(payara, "atelier.testkit.payara").toString(), "--deploy", root.toString());
  }

  /** Copies the archives of {@code atelier.testkit.plugins} into {@code dir}; returns it. */
  private static Path copyPlugins(Path dir) throws IOException {
    Files.createDirectories(dir);
    String list = System.getProperty("atelier.testkit.plugins", "");
    for (String entry : list.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path archive = existing(entry.trim(), "atelier.testkit.plugins");
      if (Files.isDirectory(archive)) {
        throw new IllegalStateException(
            archive + " (atelier.testkit.plugins) is a folder: give the plugin's jar or zip");
      }
      Files.copy(archive, dir.resolve(archive.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  private static Path existing(String path, String property) {
    Path p = Path.of(path).toAbsolutePath();
    if (!Files.exists(p)) {
      throw new IllegalStateException(
          p + " (" + property + ") does not exist: run the package phase first");
    }
    return p;
  }

  /**
   * Polls {@code url} until its status satisfies {@code ready}, for {@code
   * atelier.test.startup-seconds} (420 by default: a busy machine can take minutes); fails early
   * when the server's process exits.
   */
  static void waitUntil(Running r, String url, java.util.function.IntPredicate ready)
      throws Exception {
    waitUntil(r, url, ready, null);
  }

  /**
   * As {@link #waitUntil(Running, String, java.util.function.IntPredicate)}; with {@code log} (the
   * server's output), fails at once with {@link PortTaken} when the log reports that the HTTP port
   * could not be bound.
   */
  static void waitUntil(Running r, String url, java.util.function.IntPredicate ready, Path log)
      throws Exception {
    // HTTP/1.1: a cleartext HTTP/2 upgrade answered with Grizzly's 404 page while the application
    // still deploys once deadlocked both request threads of Payara Micro for good
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long deadline =
        System.nanoTime()
            + TimeUnit.SECONDS.toNanos(Long.getLong("atelier.test.startup-seconds", 420));
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      // What answers may be the other listener on the port, so the log is read first.
      if (log != null && portTaken(log, url)) {
        throw new PortTaken("the port of " + url + " was taken by another listener");
      }
      if (!r.process.isAlive()) {
        throw new IllegalStateException("The server exited with " + r.process.exitValue());
      }
      try {
        HttpResponse<String> res =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.test(res.statusCode())) {
          return;
        }
        last = res.statusCode() + " " + res.body();
      } catch (IOException e) {
        last = e.toString(); // not listening yet, or not answering
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("Timed out; the last answer of " + url + ": " + last);
  }

  static boolean portTaken(Path log, String url) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    String port = url.replaceAll("^https?://[^:/]+:(\\d+).*$", "$1");
    String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
    // Payara Micro's bind failure (it then hangs), or the launcher's check before it (exit 2)
    return java.util.regex.Pattern.compile(
            "(Cannot bind to requested socket address \\S*:"
                + port
                + "|port "
                + port
                + " is in use by another program)(?!\\d)")
        .matcher(text)
        .find();
  }

  /** Asks the server's JVMs for a thread dump (SIGQUIT writes it to their output), where it can. */
  private static void dumpThreads(Process process) {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      return;
    }
    List<ProcessHandle> jvms = new ArrayList<>(process.descendants().toList());
    jvms.add(process.toHandle());
    for (ProcessHandle h : jvms) {
      try {
        new ProcessBuilder("kill", "-QUIT", Long.toString(h.pid()))
            .start()
            .waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException | RuntimeException ignored) {
        // a dump is a help for reading the failure, not a part of it
      }
    }
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Runs {@code sql} on the PostgreSQL server of {@code atelier.test.pg.url} as {@code
   * atelier.test.pg.user}: creating and dropping databases, or what a test does to one.
   */
  public static void adminSql(String sql) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                System.getProperty("atelier.test.pg.url"),
                System.getProperty("atelier.test.pg.user", "postgres"),
                "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * A started server process.
   *
   * @param process the server's process
   * @param baseUrl its base URL, e.g. {@code http://127.0.0.1:41234}
   * @param pgDatabase the database {@link #stop()} drops, or null
   * @param work its work folder ({@code server.log}, {@code data/}, {@code plugins/})
   */
  public record Running(Process process, String baseUrl, String pgDatabase, Path work) {

    /**
     * Stops the process and the processes it started (forcibly after 30 s), and drops {@link
     * #pgDatabase()} if there is one.
     */
    public void stop() throws Exception {
      List<ProcessHandle> children = process.descendants().toList();
      process.destroy();
      children.forEach(ProcessHandle::destroy);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        try {
          child.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          child.destroyForcibly();
        }
      }
      if (pgDatabase != null) {
        dropPgDatabase(pgDatabase);
      }
    }
  }
}
