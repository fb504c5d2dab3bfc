package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes (Payara's Hazelcast over loopback) sharing one PostgreSQL database: a token
 * issued by one node works on the other, and a rate limit holds across both. Runs with {@code
 * -Ppostgres} only (an embedded H2 file cannot be shared by two processes).
 */
class ClusterIT {

  private static final List<AtelierServer.Running> NODES = new ArrayList<>();
  private static String database;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    assumeTrue(AtelierServer.onPostgres(), "the cluster test needs PostgreSQL");
    database = AtelierServer.createPgDatabase();
    NODES.addAll(twoNodes(database, Map.of("ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE", "6")));
  }

  /**
   * Starts two nodes clustered over loopback under a cluster name of their own, sharing {@code
   * database} and a master key, with {@code env} added to their environment.
   */
  static List<AtelierServer.Running> twoNodes(String database, Map<String, String> env)
      throws Exception {
    int hz1 = freePort();
    int hz2 = freePort();
    String cluster = "atelier-it-" + database;
    String masterKey =
        Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    List<AtelierServer.Running> nodes = new ArrayList<>();
    for (int hz : new int[] {hz1, hz2}) {
      Map<String, String> all = new java.util.HashMap<>(env);
      all.put("ATELIER_MASTER_KEY", masterKey);
      nodes.add(
          AtelierServer.launch(
              "node" + hz,
              all,
              List.of(
                  "--clustername",
                  cluster,
                  "--clustermode",
                  "tcpip:127.0.0.1:" + hz1 + ",127.0.0.1:" + hz2,
                  "--startport",
                  Integer.toString(hz),
                  "--interfaces",
                  "127.0.0.1"),
              database));
    }
    return nodes;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AtelierServer.Running node : NODES) {
      node.stop();
    }
    if (database != null) {
      AtelierServer.dropPgDatabase(database);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> send(
      String base, String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void tokensAndRateLimitsHoldAcrossNodes() throws Exception {
    String one = NODES.get(0).baseUrl();
    String two = NODES.get(1).baseUrl();
    String credentials = "{\"email\":\"cluster@example.test\",\"password\":\"cluster pass 123\"}";
    assertEquals(
        201,
        send(
                one,
                "POST",
                "/api/v1/auth/register",
                credentials.replace("}", ",\"name\":\"Cluster\"}"),
                null)
            .statusCode());
    HttpResponse<String> login = send(two, "POST", "/api/v1/auth/login", credentials, null);
    assertEquals(200, login.statusCode(), login.body());
    String token = Api.JSON.readTree(login.body()).path("access_token").asText();

    Windows.awaitMinuteWithAtLeast(20);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      statuses.add(
          send(i % 2 == 0 ? one : two, "GET", "/api/v1/projects", null, token).statusCode());
    }
    assertEquals(List.of(200, 200, 200, 200, 200, 200, 429, 429), statuses);
  }

  /**
   * An MCP session opened on one node is served by the other (its id is signed with the shared
   * master key), and once ended on one node it is refused on the other (the end is kept in the
   * cluster's store).
   */
  @Test
  void mcpSessionsWorkOnEveryNode() throws Exception {
    String one = NODES.get(0).baseUrl();
    String two = NODES.get(1).baseUrl();
    String credentials =
        "{\"email\":\"mcp-cluster@example.test\",\"password\":\"cluster pass 123\"}";
    assertEquals(
        201,
        send(
                one,
                "POST",
                "/api/v1/auth/register",
                credentials.replace("}", ",\"name\":\"MCP\"}"),
                null)
            .statusCode());
    HttpResponse<String> login = send(two, "POST", "/api/v1/auth/login", credentials, null);
    assertEquals(200, login.statusCode(), login.body());
    String token = Api.JSON.readTree(login.body()).path("access_token").asText();

    // five requests of this credential, below the cluster's limit of six a minute
    Mcp mcp = Mcp.connect(Api.at(one).withToken(token));
    Api onTwo = Api.at(two).withToken(token);
    Api.Res ping = Mcp.send(onTwo, mcp.session, mcp.version, Mcp.request("ping", null));
    assertEquals(200, ping.status(), ping.toString());
    Api.Res ended =
        Api.at(one).withToken(token).withHeader("Mcp-Session-Id", mcp.session).delete(Mcp.PATH);
    assertEquals(204, ended.status(), ended.toString());
    Api.Res after = Mcp.send(onTwo, mcp.session, mcp.version, Mcp.request("ping", null));
    assertEquals(404, after.status(), after.toString());
    assertEquals("mcp_session_not_found", after.code());
  }
}
