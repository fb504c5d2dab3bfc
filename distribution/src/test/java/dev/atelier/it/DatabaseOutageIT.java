package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away while the server runs, three ways: refusing connections, closed to new ones
 * with the open ones ended (ALLOW_CONNECTIONS false), and packets dropped. Each time requests that
 * need the database (the credential check included) answer 503 {@code database_unavailable} with
 * Retry-After within seconds instead of waiting out a 30-second pool timeout and failing with 500,
 * readiness says 503 at once, and the server recovers by itself once the database is back. The
 * server reaches PostgreSQL through a {@link TcpProxy} the test controls.
 */
class DatabaseOutageIT {

  /** A client timeout well under the pool's old 30-second wait: hanging that long fails. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static TcpProxy proxy;
  private static AtelierServer.Running server;
  private static String database;
  private static Api anon;
  private static Session ada;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(AtelierServer.onPostgres(), "a database that can go away: PostgreSQL only");
    URI pg = URI.create(System.getProperty("atelier.test.pg.url").substring("jdbc:".length()));
    proxy = new TcpProxy(pg.getHost(), pg.getPort());
    database = AtelierServer.createPgDatabase();
    AtelierServer.Running r =
        AtelierServer.launch(
            "outage",
            Map.of(
                "ATELIER_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database,
                "ATELIER_DB_SOCKET_TIMEOUT_SECONDS",
                "3"),
            java.util.List.of("--nocluster"),
            database);
    // stop() drops the database
    server = new AtelierServer.Running(r.process(), r.baseUrl(), database, r.work());
    anon = Api.at(server.baseUrl());
    ada = Accounts.newUser(anon, "outage");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void refusedConnectionsAnswer503AndTheServerRecovers() throws Exception {
    outage(() -> switchTo(TcpProxy.Mode.REFUSE), () -> switchTo(TcpProxy.Mode.FORWARD));
  }

  @Test
  void aDatabaseClosedToConnectionsAnswers503AndTheServerRecovers() throws Exception {
    outage(
        () -> {
          adminSql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
          adminSql(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                  + database
                  + "'");
          return null;
        },
        () -> adminSql("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true"));
  }

  @Test
  void droppedPacketsAnswer503AndTheServerRecovers() throws Exception {
    outage(() -> switchTo(TcpProxy.Mode.BLACKHOLE), () -> switchTo(TcpProxy.Mode.FORWARD));
  }

  private void outage(Supplier<Object> breakIt, Supplier<Object> mendIt) throws Exception {
    assertEquals(200, recovered(), "the database answers before the outage");
    assertEquals(200, ready());
    breakIt.get();
    try {
      // requests: 503 database_unavailable with Retry-After, never a hang and never a 500
      int unavailable = 0;
      long broken = System.nanoTime();
      long slowest = 0;
      for (int i = 0; i < 40 && unavailable < 3; i++) {
        long asked = System.nanoTime();
        HttpResponse<String> res = send(server.baseUrl() + "/api/v1/projects", ada.accessToken());
        slowest = Math.max(slowest, System.nanoTime() - asked);
        assertTrue(
            res.statusCode() == 503 || res.statusCode() == 200,
            "only 503 (or a last 200 before it is noticed): " + res.statusCode() + res.body());
        if (res.statusCode() == 503) {
          unavailable++;
          assertTrue(res.body().contains("\"database_unavailable\""), res.body());
          assertTrue(res.headers().firstValue("Retry-After").isPresent(), res.headers().toString());
          assertTrue(res.headers().firstValue("Content-Type").orElse("").contains("problem+json"));
        }
      }
      assertEquals(3, unavailable, "requests answer 503 while the database is away");
      System.out.printf(
          "Outage: three 503s %d ms after the break, slowest answer %d ms%n",
          (System.nanoTime() - broken) / 1_000_000, slowest / 1_000_000);
      HttpResponse<String> login =
          send(
              server.baseUrl() + "/api/v1/auth/login",
              null,
              "{\"email\":\"x@y.z\",\"password\":\"p\"}");
      assertEquals(503, login.statusCode(), login.body());
      // readiness says so at once
      int status = 0;
      for (int i = 0; i < 20 && status != 503; i++) {
        status = ready();
        Thread.sleep(250);
      }
      assertEquals(503, status, "readiness while the database is away");
    } finally {
      mendIt.get();
    }
    // back without a restart
    assertEquals(200, recovered(), "the server recovers once the database is back");
    assertEquals(200, ready());
    assertEquals(
        200,
        Accounts.login(anon, ada.email(), Accounts.PASSWORD)
            .api()
            .get("/api/v1/projects")
            .status());
  }

  /** The status of the project list once it is 200, or after 30 s of trying. */
  private static int recovered() throws Exception {
    int status = 0;
    for (int i = 0; i < 60 && status != 200; i++) {
      status = send(server.baseUrl() + "/api/v1/projects", ada.accessToken()).statusCode();
      if (status != 200) {
        Thread.sleep(500);
      }
    }
    return status;
  }

  private static Object switchTo(TcpProxy.Mode mode) {
    try {
      proxy.mode(mode);
      return null;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int ready() throws Exception {
    return send(server.baseUrl() + "/health/ready", null).statusCode();
  }

  private static HttpResponse<String> send(String url, String token) throws Exception {
    return send(url, token, null);
  }

  private static HttpResponse<String> send(String url, String token, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(PATIENCE)
            .header("X-Forwarded-For", "10.77.0." + (1 + (int) (Math.random() * 200)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (json != null) {
      b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new AssertionError("no answer within " + PATIENCE + " from " + url, e);
    }
  }

  private static Object adminSql(String sql) {
    try {
      AtelierServer.adminSql(sql);
      return null;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
