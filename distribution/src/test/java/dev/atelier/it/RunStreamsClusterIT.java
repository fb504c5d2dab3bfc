package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams of one run from two clustered nodes over one PostgreSQL database: whichever node runs it,
 * a client of the other node gets every stored event too, in order, and its stream ends with the
 * run. Runs with {@code -Ppostgres} only.
 */
class RunStreamsClusterIT {

  private static final List<AtelierServer.Running> NODES = new ArrayList<>();
  private static String database;
  private static FakeModelProvider provider;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(AtelierServer.onPostgres(), "the cluster test needs PostgreSQL");
    provider = new FakeModelProvider();
    database = AtelierServer.createPgDatabase();
    NODES.addAll(ClusterIT.twoNodes(database, Map.of("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true")));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AtelierServer.Running node : NODES) {
      node.stop();
    }
    if (database != null) {
      AtelierServer.dropPgDatabase(database);
    }
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void eventsOfARunReachClientsOfEitherNode() throws Exception {
    String one = NODES.get(0).baseUrl();
    String two = NODES.get(1).baseUrl();
    Session s = Accounts.newUser(Api.at(one), "cluster-streams");
    assertEquals(
        204,
        s.api()
            .put(
                "/api/v1/model-providers/openai/credentials",
                Map.of("api_key", "test-key", "base_url", provider.baseUrl()))
            .status());
    String yaml =
        "name: talker\ndescription: test agent\nmodel: openai:fake-1\n"
            + "instructions: Be brief.\ntools: []\nmax_steps: 5\n";
    assertEquals(
        201, s.api().post("/api/v1/agents", Map.of("content", yaml, "format", "yaml")).status());
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 2; round++) {
        Api.Res started =
            s.api().post("/api/v1/runs", Map.of("agent", "talker", "message", "slow answer"));
        assertEquals(202, started.status(), started.toString());
        String id = started.json().path("run_id").asText();
        Future<List<String[]>> here = clients.submit(() -> SseEvents.read(one, s, id, null));
        Future<List<String[]>> there = clients.submit(() -> SseEvents.read(two, s, id, null));
        List<String> a = stored(here.get(60, TimeUnit.SECONDS));
        List<String> b = stored(there.get(60, TimeUnit.SECONDS));
        assertEquals("run.succeeded", a.get(a.size() - 1).split(" ")[1], a.toString());
        assertEquals(a, b, "both nodes' clients get the same stored events");
        assertEquals(stored(SseEvents.read(two, s, id, null)), b);
        assertFalse(
            deltas(here.get()) > 0 && deltas(there.get()) > 0,
            "text deltas come only from the node that runs the step");
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static List<String> stored(List<String[]> events) {
    return events.stream().filter(e -> e[0] != null).map(e -> e[0] + " " + e[1]).toList();
  }

  private static long deltas(List<String[]> events) {
    return events.stream().filter(e -> "message.delta".equals(e[1])).count();
  }
}
