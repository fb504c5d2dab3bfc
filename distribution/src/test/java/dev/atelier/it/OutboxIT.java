package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Domain events through the transactional outbox, with a real plugin listener (the test plugin
 * greeter's recorder, which fails or holds deliveries on demand): retried after failures, in order
 * per subject, left for a superuser after the last attempt and retried by one, and delivered again
 * by the next start after the server was killed in the middle of a delivery.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboxIT {

  private static final String EVENTS = "/api/v1/admin/events";
  private static final String RECORDER = "plugin:greeter:dev.atelier.test.greeter.EventRecorder";

  private static final List<String> ARGS = List.of("--nocluster");
  private static Map<String, String> env;
  private static String db;
  private static AtelierServer.Running server;
  private static Api anon;
  private static Session root;
  private static Session ada;

  @BeforeAll
  static void start() throws Exception {
    Path work = Path.of(System.getProperty("atelier.test.workdir", "target/system-test"));
    Files.createDirectories(work);
    Path plugins = Files.createTempDirectory(work.toAbsolutePath(), "outbox-plugins-");
    PluginArchives.build(
        "greeter",
        PluginArchives.manifest("greeter", ">=1.0.0 & <2.0.0", null),
        plugins,
        "greeter.jar");
    env = new HashMap<>();
    env.put("ATELIER_PLUGINS_DIR", plugins.toString());
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_EVENTS_LEASE_SECONDS", "3");
    env.put("ATELIER_EVENTS_MAX_ATTEMPTS", "3");
    env.put("ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE", "100000"); // the tests poll
    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    Map<String, String> first = new HashMap<>(env);
    first.put("ATELIER_PLUGIN_GREETER_HOLD", "hold-"); // only the first start holds
    server = AtelierServer.launch("outbox", first, ARGS, db);
    signIn();
    ada = Accounts.newUser(anon, "ada");
  }

  private static void signIn() {
    anon = Api.at(server.baseUrl());
    root = Accounts.login(anon, AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (db != null) {
      AtelierServer.dropPgDatabase(db);
    }
  }

  @Test
  @Order(1)
  void failedDeliveriesAreRetriedAndASubjectsEventsStayInOrder() throws Exception {
    // each event of a project named refuse2-… is refused twice, then taken
    String id = project(ada, "refuse2-order");
    assertEquals(204, ada.api().delete("/api/v1/projects/" + id).status());

    List<String> seen =
        await(ada, s -> s.contains("project.deleted:" + id), "the deleted event, after retries");
    int created = seen.indexOf("project.created:" + id);
    int deleted = seen.indexOf("project.deleted:" + id);
    assertTrue(created >= 0 && created < deleted, "created, then deleted: " + seen);
    assertEquals(1, seen.stream().filter(("project.created:" + id)::equals).count(), "" + seen);

    for (JsonNode d : deliveriesOf(id)) {
      assertEquals("delivered", d.path("status").asText(), d.toString());
      assertEquals(3, d.path("attempts").asInt(), d.toString());
      assertTrue(d.path("last_error").isNull(), d.toString());
      assertFalse(d.path("delivered_at").isNull(), d.toString());
    }
    assertEquals(2, deliveriesOf(id).size(), "created and deleted, to the recorder");
  }

  @Test
  @Order(2)
  void aDeliveryThatKeepsFailingWaitsForASuperuserToRetryIt() throws Exception {
    // refused three times: the most attempts this server makes
    String id = project(ada, "refuse3-dead");
    JsonNode failed = awaitDelivery(id, "failed");
    assertEquals(3, failed.path("attempts").asInt(), failed.toString());
    assertEquals("project.created", failed.path("type").asText(), failed.toString());
    assertEquals(ada.tenantId(), failed.path("tenant_id").asText(), failed.toString());
    assertTrue(failed.path("last_error").asText().contains("refused attempt 3"), failed.toString());
    assertFalse(recorded(ada).contains("project.created:" + id));

    // the failed filter finds it
    JsonNode failedOnes = root.api().get(EVENTS + "?status=failed&limit=100").json();
    assertTrue(failedOnes.toString().contains(id), failedOnes.toString());

    String eventId = failed.path("event_id").asText();
    Api.Res retry = root.api().post(EVENTS + "/" + eventId + "/retry", Map.of());
    assertEquals(204, retry.status(), retry.toString());
    await(ada, s -> s.contains("project.created:" + id), "the retried event");
    JsonNode delivered = awaitDelivery(id, "delivered");
    assertEquals(1, delivered.path("attempts").asInt(), "counted afresh: " + delivered);

    // nothing left to retry
    assertProblem(
        root.api().post(EVENTS + "/" + eventId + "/retry", Map.of()), 409, "nothing_failed");
  }

  @Test
  @Order(3)
  void aPluginsOwnEventsGoThroughTheOutboxToo() throws Exception {
    Api.Res announce = ada.api().post("/api/v1/greeter/announcements", Map.of("text", "tea"));
    assertEquals(202, announce.status(), announce.toString());
    await(ada, s -> s.contains("greeter.announced:tea"), "the plugin's event");
    JsonNode d = awaitDelivery("tea", "delivered");
    assertEquals("greeter.announced", d.path("type").asText(), d.toString());
    assertEquals(RECORDER, d.path("consumer").asText(), d.toString());
  }

  @Test
  @Order(4)
  void onlySuperusersSeeDeliveriesAndBadInputIsRefused() {
    assertProblem(ada.api().get(EVENTS), 403, "forbidden");
    assertProblem(ada.api().post(EVENTS + "/x/retry", Map.of()), 403, "forbidden");
    assertEquals(401, anon.get(EVENTS).status());
    assertInvalid(root.api().get(EVENTS + "?status=lost"), "status");
    assertInvalid(root.api().get(EVENTS + "?limit=0"), "limit");
    assertInvalid(root.api().get(EVENTS + "?offset=-1"), "offset");
    assertProblem(root.api().post(EVENTS + "/no-such-event/retry", Map.of()), 404, "not_found");

    Api.Res page = root.api().get(EVENTS + "?status=delivered&limit=2");
    assertEquals(200, page.status(), page.toString());
    assertEquals(2, page.json().path("items").size(), page.toString());
    assertTrue(page.json().path("total").asInt() >= 4, page.toString());
  }

  @Test
  @Order(5)
  void aDeliveryCutShortByAKillIsMadeByTheNextStart() throws Exception {
    // the first start holds deliveries of projects named hold-…: kill it in the middle of one
    String id = project(ada, "hold-crash");
    await(ada, s -> s.contains("holding:" + id), "the recorder holding the event");
    if (!AtelierServer.onPostgres()) {
      Thread.sleep(1500); // H2 writes what committed within its write delay (500 ms)
    }
    server.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    server = AtelierServer.relaunch(server, env, ARGS, db);
    signIn();
    Session again = Accounts.login(anon, ada.email(), Accounts.PASSWORD);
    List<String> seen =
        await(again, s -> s.contains("project.created:" + id), "the event after the restart");
    assertFalse(seen.contains("holding:" + id), "recorded by the new process: " + seen);
    JsonNode d = awaitDelivery(id, "delivered");
    assertEquals(1, d.path("attempts").asInt(), "the cut-short attempt left no trace: " + d);
  }

  private static String project(Session s, String name) {
    Api.Res res = s.api().post("/api/v1/projects", Map.of("name", name, "slug", name));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("id").asText();
  }

  private static List<String> recorded(Session s) {
    List<String> out = new ArrayList<>();
    Api.Res res = s.api().get("/api/v1/greeter/events?limit=500");
    assertEquals(200, res.status(), res.toString());
    res.json().path("items").forEach(e -> out.add(e.asText()));
    return out;
  }

  private static List<String> await(Session s, Predicate<List<String>> done, String what)
      throws InterruptedException {
    List<String> seen = recorded(s);
    for (int i = 0; i < 300 && !done.test(seen); i++) {
      Thread.sleep(100);
      seen = recorded(s);
    }
    assertTrue(done.test(seen), what + ": " + seen);
    return seen;
  }

  /** The recorder's deliveries of the events about {@code subjectId}. */
  private static List<JsonNode> deliveriesOf(String subjectId) {
    Api.Res res = root.api().get(EVENTS + "?limit=500");
    assertEquals(200, res.status(), res.toString());
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode d : res.json().path("items")) {
      if (subjectId.equals(d.path("subject_id").asText())
          && RECORDER.equals(d.path("consumer").asText())) {
        out.add(d);
      }
    }
    return out;
  }

  private static JsonNode awaitDelivery(String subjectId, String status)
      throws InterruptedException {
    List<JsonNode> ds = List.of();
    for (int i = 0; i < 300; i++) {
      ds = deliveriesOf(subjectId);
      if (!ds.isEmpty() && status.equals(ds.get(0).path("status").asText())) {
        return ds.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + status + " delivery about " + subjectId + ": " + ds);
  }
}
