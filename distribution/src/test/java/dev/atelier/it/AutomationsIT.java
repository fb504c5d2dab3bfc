package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Automations end to end: a server of its own (allowed to call loopback, at most five automations
 * per workspace) with the bundled OpenAI-compatible provider pointed at a fake provider on
 * loopback, so that fired runs really run. On PostgreSQL also two nodes over one database, to show
 * that each due time fires exactly once.
 */
class AutomationsIT {

  private static final String AUTOMATIONS = "/api/v1/automations";
  private static final String MASTER_KEY =
      Base64.getEncoder().encodeToString("automations-it-master-key-32-byt".getBytes());
  private static FakeModelProvider provider;
  private static AtelierServer.Running server;
  private static String database;
  private static Api anon;

  @BeforeAll
  static void start() throws Exception {
    provider = new FakeModelProvider();
    database = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server = AtelierServer.launch("automations", env(), List.of("--nocluster"), database);
    anon = Api.at(server.baseUrl());
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_AUTOMATIONS_MAX_PER_WORKSPACE", "5");
    env.put("ATELIER_MASTER_KEY", MASTER_KEY);
    // the tests poll runs while automations fire
    env.put("ATELIER_RATE_LIMIT_DEFAULT_PER_MINUTE", "100000");
    return env;
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (database != null) {
      AtelierServer.dropPgDatabase(database);
    }
    if (provider != null) {
      provider.close();
    }
  }

  /** A new user on {@code api}'s server whose workspace has the fake provider and an agent. */
  private static Session withAgent(Api api, String hint, String agent) {
    Session s = Accounts.newUser(api, hint);
    Api.Res put =
        s.api()
            .put(
                "/api/v1/model-providers/openai/credentials",
                Map.of("api_key", "test-key", "base_url", provider.baseUrl()));
    assertEquals(204, put.status(), put.toString());
    agent(s, agent);
    return s;
  }

  private static void agent(Session s, String name) {
    String yaml = "name: " + name + "\nmodel: openai:fake-1\ninstructions: Be brief.\ntools: []\n";
    Api.Res res = s.api().post("/api/v1/agents", Map.of("content", yaml, "format", "yaml"));
    assertEquals(201, res.status(), res.toString());
  }

  private static Map<String, Object> body(String agent, String cron, Object... more) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("name", "Nightly report");
    b.put("cron", cron);
    b.put("agent", agent);
    b.put("message", "say hello");
    for (int i = 0; i < more.length; i += 2) {
      b.put((String) more[i], more[i + 1]);
    }
    return b;
  }

  private static JsonNode create(Session s, Map<String, Object> body) {
    Api.Res res = s.api().post(AUTOMATIONS, body);
    assertEquals(201, res.status(), res.toString());
    assertEquals(
        AUTOMATIONS + "/" + res.json().path("id").asText(),
        res.header("Location").replaceFirst("^https?://[^/]+", ""));
    return res.json();
  }

  /** The runs the automation fired, oldest due time first. */
  private static List<JsonNode> runsOf(Session s, String automationId) {
    Api.Res res = s.api().get("/api/v1/runs?limit=500&automation_id=" + automationId);
    assertEquals(200, res.status(), res.toString());
    List<JsonNode> out = new ArrayList<>();
    res.json().path("items").forEach(out::add);
    out.sort(
        (a, b) -> a.path("scheduled_for").asText().compareTo(b.path("scheduled_for").asText()));
    return out;
  }

  /** Polls until the automation's runs satisfy {@code done} (at most two minutes). */
  private static List<JsonNode> awaitRuns(
      Session s, String automationId, Predicate<List<JsonNode>> done) throws Exception {
    List<JsonNode> runs = List.of();
    for (int i = 0; i < 600; i++) {
      runs = runsOf(s, automationId);
      if (done.test(runs)) {
        return runs;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the automation's runs did not come: " + runs);
  }

  private static long finished(List<JsonNode> runs, String status) {
    return runs.stream().filter(r -> status.equals(r.path("status").asText())).count();
  }

  /** The first time {@code hh:mm} comes in {@code zone} after {@code after}. */
  private static Instant nextAt(Instant after, ZoneId zone, int hour, int minute) {
    ZonedDateTime t =
        ZonedDateTime.of(LocalDate.ofInstant(after, zone), LocalTime.of(hour, minute), zone);
    while (!t.toInstant().isAfter(after)) {
      t = ZonedDateTime.of(t.toLocalDate().plusDays(1), LocalTime.of(hour, minute), zone);
    }
    return t.toInstant();
  }

  @Test
  void createReadListUpdateDelete() {
    Session s = withAgent(anon, "auto-crud", "reporter");
    String project =
        s.api().post("/api/v1/projects", Map.of("name", "Reports")).json().path("id").asText();
    JsonNode a =
        create(
            s,
            body(
                "reporter",
                "0 9 * * MON-FRI",
                "description",
                "Weekday summary",
                "timezone",
                "Europe/Berlin",
                "project_id",
                project));
    assertEquals(36, a.path("id").asText().length());
    assertEquals("Nightly report", a.path("name").asText());
    assertEquals("Weekday summary", a.path("description").asText());
    assertEquals("0 9 * * MON-FRI", a.path("cron").asText());
    assertEquals("Europe/Berlin", a.path("timezone").asText());
    assertEquals("reporter", a.path("agent").asText());
    assertEquals(project, a.path("project_id").asText());
    assertEquals("say hello", a.path("message").asText());
    assertTrue(a.path("enabled").asBoolean());
    assertFalse(a.path("next_run_at").isNull(), a.toString());
    for (String absent : List.of("last_run_at", "last_run_id", "last_run_status")) {
      assertTrue(a.has(absent) && a.path(absent).isNull(), absent + " in " + a);
    }
    assertEquals(s.userId(), a.path("created_by").asText());
    assertEquals(a.path("created_at"), a.path("updated_at"));
    String url = AUTOMATIONS + "/" + a.path("id").asText();
    assertEquals(a, s.api().get(url).json());

    // the project may be given by its slug too; the timezone defaults to UTC
    JsonNode b = create(s, body("reporter", "@daily", "project_id", "reports", "enabled", false));
    assertEquals(project, b.path("project_id").asText());
    assertEquals("UTC", b.path("timezone").asText());
    assertFalse(b.path("enabled").asBoolean());
    assertTrue(b.path("next_run_at").isNull(), "no next run while disabled: " + b);

    JsonNode list = s.api().get(AUTOMATIONS).json();
    assertEquals(2, list.path("total").asInt());
    assertEquals(b.path("id"), list.path("items").get(0).path("id"), "newest first");
    assertEquals(1, s.api().get(AUTOMATIONS + "?enabled=true").json().path("total").asInt());
    assertEquals(
        b.path("id"),
        s.api().get(AUTOMATIONS + "?enabled=false").json().path("items").get(0).path("id"));
    assertEquals(2, s.api().get(AUTOMATIONS + "?agent=reporter").json().path("total").asInt());
    assertEquals(0, s.api().get(AUTOMATIONS + "?agent=nobody").json().path("total").asInt());
    JsonNode paged = s.api().get(AUTOMATIONS + "?limit=1&offset=1").json();
    assertEquals(2, paged.path("total").asInt());
    assertEquals(a.path("id"), paged.path("items").get(0).path("id"));

    // a partial update changes what it names; a name alone leaves the schedule as it was
    JsonNode renamed = s.api().patch(url, Map.of("name", "  Weekday report ")).json();
    assertEquals("Weekday report", renamed.path("name").asText());
    assertEquals(a.path("next_run_at"), renamed.path("next_run_at"));
    assertEquals(a.path("cron"), renamed.path("cron"));
    assertEquals("Weekday summary", renamed.path("description").asText());
    JsonNode cleared =
        s.api().patch(url, Map.of("description", "", "project_id", "", "message", "again")).json();
    assertTrue(cleared.path("description").isNull(), cleared.toString());
    assertTrue(cleared.path("project_id").isNull(), cleared.toString());
    assertEquals("again", cleared.path("message").asText());
    agent(s, "other-agent");
    assertEquals(
        "other-agent",
        s.api().patch(url, Map.of("agent", "other-agent")).json().path("agent").asText());
    assertEquals(cleared.path("next_run_at"), s.api().get(url).json().path("next_run_at"));

    Api.Res deleted = s.api().delete(url);
    assertEquals(204, deleted.status(), deleted.toString());
    assertProblem(s.api().get(url), 404, "not_found");
    assertProblem(s.api().delete(url), 404, "not_found");
    assertProblem(s.api().patch(url, Map.of("name", "x")), 404, "not_found");
    assertProblem(s.api().get(AUTOMATIONS + "/not-an-id"), 404, "not_found");
    assertEquals(1, s.api().get(AUTOMATIONS).json().path("total").asInt());
  }

  @Test
  void theNextRunIsComputedInTheAutomationsTimeZone() {
    Session s = withAgent(anon, "auto-tz", "tz");
    Instant before = Instant.now();
    JsonNode ny = create(s, body("tz", "30 9 * * *", "timezone", "America/New_York"));
    Instant after = Instant.now();
    Instant next = Instant.parse(ny.path("next_run_at").asText());
    ZoneId newYork = ZoneId.of("America/New_York");
    assertTrue(
        next.equals(nextAt(before, newYork, 9, 30)) || next.equals(nextAt(after, newYork, 9, 30)),
        next + " is not the next 09:30 in New York");
    assertEquals(LocalTime.of(9, 30), next.atZone(newYork).toLocalTime());

    // a new timezone sets the next run afresh
    String url = AUTOMATIONS + "/" + ny.path("id").asText();
    JsonNode tokyo = s.api().patch(url, Map.of("timezone", "Asia/Tokyo")).json();
    assertEquals("Asia/Tokyo", tokyo.path("timezone").asText());
    Instant inTokyo = Instant.parse(tokyo.path("next_run_at").asText());
    assertEquals(LocalTime.of(9, 30), inTokyo.atZone(ZoneId.of("Asia/Tokyo")).toLocalTime());
    assertTrue(inTokyo.isAfter(before) && inTokyo.isBefore(after.plus(Duration.ofDays(1))));

    // so does a new cron: @yearly is midnight on 1 January in Tokyo, 15:00 UTC on 31 December
    JsonNode yearly = s.api().patch(url, Map.of("cron", "@yearly")).json();
    ZonedDateTime y = Instant.parse(yearly.path("next_run_at").asText()).atZone(ZoneId.of("UTC"));
    assertEquals(12, y.getMonthValue());
    assertEquals(31, y.getDayOfMonth());
    assertEquals(LocalTime.of(15, 0), y.toLocalTime());

    // disabling clears it, enabling sets it from now
    JsonNode off = s.api().patch(url, Map.of("enabled", false)).json();
    assertFalse(off.path("enabled").asBoolean());
    assertTrue(off.path("next_run_at").isNull(), off.toString());
    JsonNode on = s.api().patch(url, Map.of("enabled", true)).json();
    assertEquals(yearly.path("next_run_at"), on.path("next_run_at"));
  }

  @Test
  void everyInvalidFieldIsNamed() {
    Session s = withAgent(anon, "auto-invalid", "checker");
    assertProblem(s.api().post(AUTOMATIONS, null), 400, "missing_body");
    assertProblem(s.api().post(AUTOMATIONS, "{not json"), 400, "malformed_json");
    assertInvalid(s.api().post(AUTOMATIONS, Map.of()), "name", "cron", "agent", "message");

    Api.Res minute = s.api().post(AUTOMATIONS, body("checker", "61 * * * *"));
    assertInvalid(minute, "cron");
    assertTrue(
        minute.json().path("errors").get(0).path("message").asText().startsWith("minute field"),
        minute.toString());
    Api.Res weekday = s.api().post(AUTOMATIONS, body("checker", "0 9 * * FUN"));
    assertInvalid(weekday, "cron");
    assertTrue(
        weekday
            .json()
            .path("errors")
            .get(0)
            .path("message")
            .asText()
            .startsWith("day-of-week field"),
        weekday.toString());
    Api.Res seconds = s.api().post(AUTOMATIONS, body("checker", "*/0 * * * * *"));
    assertInvalid(seconds, "cron");
    assertTrue(
        seconds.json().path("errors").get(0).path("message").asText().startsWith("second field"),
        seconds.toString());
    for (String cron :
        List.of("* * * *", "* * * * * * *", "@reboot", "0 0 30 2 *", " ", "x".repeat(201))) {
      assertInvalid(s.api().post(AUTOMATIONS, body("checker", cron)), "cron");
    }
    for (String tz : List.of("Mars/Olympus", "+02:00", "europe/berlin", "", "x".repeat(65))) {
      assertInvalid(
          s.api().post(AUTOMATIONS, body("checker", "@daily", "timezone", tz)), "timezone");
    }
    assertInvalid(s.api().post(AUTOMATIONS, body("nobody", "@daily")), "agent");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("checker", "@daily", "project_id", "no-such-project")),
        "project_id");
    assertInvalid(
        s.api()
            .post(
                AUTOMATIONS,
                body("checker", "@daily", "project_id", "00000000-0000-0000-0000-000000000000")),
        "project_id");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("checker", "@daily", "name", "n".repeat(201))), "name");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("checker", "@daily", "name", "bad\u0001name")), "name");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("checker", "@daily", "description", "d".repeat(4001))),
        "description");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("checker", "@daily", "message", "m".repeat(100_001))),
        "message");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("checker", "@daily", "agent", "a".repeat(65))), "agent");
    // several wrong fields come together
    assertInvalid(
        s.api().post(AUTOMATIONS, body("nobody", "99 * * * *", "timezone", "Nowhere/City")),
        "agent",
        "cron",
        "timezone");
    assertEquals(0, s.api().get(AUTOMATIONS).json().path("total").asInt(), "nothing created");

    // an update is checked the same way, and a refused one changes nothing
    JsonNode a = create(s, body("checker", "@hourly"));
    String url = AUTOMATIONS + "/" + a.path("id").asText();
    assertInvalid(s.api().patch(url, Map.of("cron", "0 25 * * *")), "cron");
    assertInvalid(s.api().patch(url, Map.of("cron", "")), "cron");
    assertInvalid(s.api().patch(url, Map.of("timezone", "Atlantis")), "timezone");
    assertInvalid(s.api().patch(url, Map.of("agent", "nobody")), "agent");
    assertInvalid(s.api().patch(url, Map.of("agent", "")), "agent");
    assertInvalid(s.api().patch(url, Map.of("project_id", "nope")), "project_id");
    assertInvalid(s.api().patch(url, Map.of("name", "")), "name");
    assertInvalid(s.api().patch(url, Map.of("message", "")), "message");
    assertInvalid(
        s.api().patch(url, Map.of("name", "fine", "cron", "@reboot", "timezone", "Nowhere")),
        "cron",
        "timezone");
    assertProblem(s.api().patch(url, null), 400, "missing_body");
    assertEquals(a, s.api().get(url).json(), "refused updates change nothing");

    // list filters and paging are checked too
    assertInvalid(s.api().get(AUTOMATIONS + "?enabled=maybe"), "enabled");
    assertInvalid(s.api().get(AUTOMATIONS + "?limit=0"), "limit");
    assertInvalid(s.api().get(AUTOMATIONS + "?offset=-1"), "offset");
    assertInvalid(s.api().get("/api/v1/runs?automation_id=" + "x".repeat(37)), "automation_id");
  }

  @Test
  void anAutomationOnAnEventHasNoScheduleAndTakesNoCron() {
    Session s = withAgent(anon, "auto-event", "pusher");
    Map<String, Object> onPush = body("pusher", null, "event", "git.pushed");
    onPush.remove("cron");
    JsonNode a = create(s, onPush);
    assertEquals("git.pushed", a.path("event").asText(), a.toString());
    assertTrue(a.path("cron").isNull(), a.toString());
    assertTrue(a.path("next_run_at").isNull(), a.toString());
    String url = AUTOMATIONS + "/" + a.path("id").asText();
    assertInvalid(s.api().patch(url, Map.of("cron", "0 9 * * *")), "cron");
    JsonNode off = s.api().patch(url, Map.of("enabled", false)).json();
    assertFalse(off.path("enabled").asBoolean(), off.toString());
    assertTrue(off.path("next_run_at").isNull(), off.toString());

    Map<String, Object> unknown = body("pusher", null, "event", "run.finished");
    unknown.remove("cron");
    assertInvalid(s.api().post(AUTOMATIONS, unknown), "event");
    assertInvalid(
        s.api().post(AUTOMATIONS, body("pusher", "0 9 * * *", "event", "git.pushed")), "cron");
    // a cron automation is not turned into an event's
    JsonNode cron = create(s, body("pusher", "0 9 * * *"));
    assertTrue(cron.path("event").isNull(), cron.toString());
  }

  @Test
  void aWorkspaceHasAtMostItsLimitOfAutomations() {
    Session s = withAgent(anon, "auto-limit", "limited");
    for (int i = 0; i < 5; i++) {
      create(s, body("limited", "@weekly", "enabled", i % 2 == 0));
    }
    assertProblem(
        s.api().post(AUTOMATIONS, body("limited", "@weekly")), 409, "automation_limit_reached");
    assertEquals(5, s.api().get(AUTOMATIONS).json().path("total").asInt());
    // another workspace has its own count
    create(withAgent(anon, "auto-limit-other", "limited"), body("limited", "@weekly"));
    // deleting one makes room
    String first = s.api().get(AUTOMATIONS).json().path("items").get(0).path("id").asText();
    assertEquals(204, s.api().delete(AUTOMATIONS + "/" + first).status());
    create(s, body("limited", "@weekly"));
  }

  @Test
  void createsAtTheSameTimeDoNotPassTheLimit() throws Exception {
    Session s = withAgent(anon, "auto-limit-race", "racing");
    create(s, body("racing", "@weekly"));
    List<Integer> statuses = new ArrayList<>();
    for (Api.Res res :
        Concurrently.times(8, () -> s.api().post(AUTOMATIONS, body("racing", "@weekly")))) {
      if (res.status() == 409) {
        assertProblem(res, 409, "automation_limit_reached");
      }
      statuses.add(res.status());
    }
    assertEquals(4, statuses.stream().filter(st -> st == 201).count(), statuses.toString());
    assertEquals(4, statuses.stream().filter(st -> st == 409).count(), statuses.toString());
    assertEquals(5, s.api().get(AUTOMATIONS).json().path("total").asInt());
  }

  @Test
  void viewersReadOperatorsWrite() {
    Session admin = withAgent(anon, "auto-roles", "shared");
    JsonNode a = create(admin, body("shared", "@daily"));
    String url = AUTOMATIONS + "/" + a.path("id").asText();
    Session viewer = Accounts.joinAs(admin, Accounts.newUser(anon, "auto-viewer"), "viewer");
    assertEquals(200, viewer.api().get(AUTOMATIONS).status());
    assertEquals(a, viewer.api().get(url).json());
    assertProblem(viewer.api().post(AUTOMATIONS, body("shared", "@daily")), 403, "forbidden");
    assertProblem(viewer.api().patch(url, Map.of("enabled", false)), 403, "forbidden");
    assertProblem(viewer.api().delete(url), 403, "forbidden");
    assertProblem(viewer.api().post(AUTOMATIONS, "{not json"), 403, "forbidden");
    assertProblem(anon.get(AUTOMATIONS), 401, "unauthorized");
    assertEquals(a, admin.api().get(url).json(), "the viewer changed nothing");

    Session operator = Accounts.joinAs(admin, Accounts.newUser(anon, "auto-operator"), "operator");
    JsonNode mine = create(operator, body("shared", "@hourly"));
    assertEquals(operator.userId(), mine.path("created_by").asText());
    assertEquals(
        200,
        operator
            .api()
            .patch(AUTOMATIONS + "/" + mine.path("id").asText(), Map.of("name", "x"))
            .status());
    assertEquals(204, operator.api().delete(url).status());
  }

  @Test
  void anotherWorkspacesAutomationsAreNotFound() {
    Session owner = withAgent(anon, "auto-owner", "private");
    JsonNode a = create(owner, body("private", "@daily"));
    String url = AUTOMATIONS + "/" + a.path("id").asText();
    Session stranger = withAgent(anon, "auto-stranger", "private");
    assertProblem(stranger.api().get(url), 404, "not_found");
    assertProblem(stranger.api().patch(url, Map.of("enabled", false)), 404, "not_found");
    assertProblem(stranger.api().delete(url), 404, "not_found");
    assertEquals(0, stranger.api().get(AUTOMATIONS).json().path("total").asInt());
    assertEquals(a, owner.api().get(url).json(), "untouched");
    // nor can a stranger's automation run another workspace's agent or project
    String project =
        owner.api().post("/api/v1/projects", Map.of("name", "Secret")).json().path("id").asText();
    assertInvalid(
        stranger.api().post(AUTOMATIONS, body("private", "@daily", "project_id", project)),
        "project_id");
  }

  @Test
  void anAutomationFiresRunsThatSucceedUntilItIsDisabled() throws Exception {
    Session s = withAgent(anon, "auto-fire", "ticker");
    JsonNode a = create(s, body("ticker", "*/2 * * * * *", "name", "Every two seconds"));
    String id = a.path("id").asText();
    String url = AUTOMATIONS + "/" + id;
    List<JsonNode> runs = awaitRuns(s, id, r -> finished(r, "succeeded") >= 3);
    for (JsonNode run : runs) {
      assertEquals("automation", run.path("trigger").asText(), run.toString());
      assertEquals(id, run.path("automation_id").asText());
      assertEquals("ticker", run.path("agent").asText());
      assertEquals("say hello", run.path("input").asText());
      assertEquals(s.userId(), run.path("created_by").asText(), "the automation's creator");
      Instant due = Instant.parse(run.path("scheduled_for").asText());
      assertEquals(0, due.getEpochSecond() % 2, "a due time of */2: " + due);
      assertEquals(0, due.getNano());
    }
    JsonNode ok =
        runs.stream()
            .filter(r -> "succeeded".equals(r.path("status").asText()))
            .findFirst()
            .orElseThrow();
    JsonNode full = s.api().get("/api/v1/runs/" + ok.path("id").asText()).json();
    assertEquals("Hello there", full.path("output").asText(), full.toString());
    assertEquals(id, full.path("automation_id").asText());

    JsonNode off = s.api().patch(url, Map.of("enabled", false)).json();
    assertTrue(off.path("next_run_at").isNull());
    List<JsonNode> atStop = runsOf(s, id);
    JsonNode last = atStop.get(atStop.size() - 1);
    // the automation names its last run and that run's status
    JsonNode read =
        awaitAutomation(s, url, x -> !x.path("last_run_status").asText().matches("queued|running"));
    assertEquals(last.path("id").asText(), read.path("last_run_id").asText(), read.toString());
    assertEquals(last.path("scheduled_for").asText(), read.path("last_run_at").asText());
    assertEquals("succeeded", read.path("last_run_status").asText(), read.toString());

    // disabled, it fires no more (waiting longer than two periods)
    Thread.sleep(5000);
    assertEquals(atStop.size(), runsOf(s, id).size(), "a disabled automation fired");

    // the runs filter by trigger and by automation
    JsonNode byTrigger = s.api().get("/api/v1/runs?trigger=automation&limit=500").json();
    assertEquals(atStop.size(), byTrigger.path("total").asInt());
    String apiRun =
        s.api()
            .post("/api/v1/runs", Map.of("agent", "ticker", "message", "say hello"))
            .json()
            .path("run_id")
            .asText();
    JsonNode byApi = s.api().get("/api/v1/runs?trigger=api").json();
    assertEquals(1, byApi.path("total").asInt());
    assertEquals(apiRun, byApi.path("items").get(0).path("id").asText());
    assertTrue(byApi.path("items").get(0).path("automation_id").isNull());
    assertEquals(
        0, s.api().get("/api/v1/runs?automation_id=" + apiRun).json().path("total").asInt());

    // another workspace sees none of the runs
    Session stranger = Accounts.newUser(anon, "auto-fire-stranger");
    assertEquals(
        0, stranger.api().get("/api/v1/runs?automation_id=" + id).json().path("total").asInt());

    // deleting the automation keeps its runs
    assertEquals(204, s.api().delete(url).status());
    assertEquals(atStop.size(), runsOf(s, id).size());
  }

  private static JsonNode awaitAutomation(Session s, String url, Predicate<JsonNode> done)
      throws Exception {
    JsonNode a = null;
    for (int i = 0; i < 300; i++) {
      a = s.api().get(url).json();
      if (done.test(a)) {
        return a;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the automation did not get there: " + a);
  }

  @Test
  void aRunOfAnAgentThatWasDeletedFailsAndTheTimerGoesOn() throws Exception {
    Session s = withAgent(anon, "auto-gone", "doomed");
    agent(s, "survivor");
    JsonNode doomed = create(s, body("doomed", "*/2 * * * * *"));
    JsonNode survivor = create(s, body("survivor", "*/2 * * * * *"));
    assertEquals(204, s.api().delete("/api/v1/agents/doomed").status());
    List<JsonNode> failed =
        awaitRuns(s, doomed.path("id").asText(), r -> finished(r, "failed") >= 2);
    for (JsonNode run : failed) {
      if ("failed".equals(run.path("status").asText())) {
        assertEquals("agent_not_found", run.path("error_code").asText(), run.toString());
      }
    }
    // the other automation keeps firing runs that succeed
    awaitRuns(s, survivor.path("id").asText(), r -> finished(r, "succeeded") >= 2);
    for (JsonNode a : List.of(doomed, survivor)) {
      assertEquals(
          200,
          s.api()
              .patch(AUTOMATIONS + "/" + a.path("id").asText(), Map.of("enabled", false))
              .status());
    }
  }

  /**
   * Two nodes over one PostgreSQL database fire an every-two-seconds automation: every due time
   * from the first to the last has exactly one run. The first node is this class's server (started
   * on a database of its own); the second is started on the same database.
   */
  @Test
  void twoNodesFireEachDueTimeExactlyOnce() throws Exception {
    assumeTrue(AtelierServer.onPostgres(), "two nodes share a PostgreSQL database only");
    AtelierServer.Running second =
        AtelierServer.launch("automations-node2", env(), List.of("--nocluster"), database);
    try {
      Session s = withAgent(anon, "auto-nodes", "ticker");
      JsonNode a = create(s, body("ticker", "*/2 * * * * *"));
      String id = a.path("id").asText();
      // the second node serves the same data
      Api.Res onSecond =
          Api.at(second.baseUrl()).withToken(s.accessToken()).get(AUTOMATIONS + "/" + id);
      assertEquals(200, onSecond.status(), onSecond.toString());
      awaitRuns(s, id, r -> r.size() >= 6);
      assertEquals(200, s.api().patch(AUTOMATIONS + "/" + id, Map.of("enabled", false)).status());
      List<JsonNode> runs = runsOf(s, id);
      List<Instant> due = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (JsonNode run : runs) {
        assertTrue(seen.add(run.path("scheduled_for").asText()), "two runs for one due time");
        due.add(Instant.parse(run.path("scheduled_for").asText()));
      }
      for (int i = 1; i < due.size(); i++) {
        assertEquals(
            Duration.ofSeconds(2),
            Duration.between(due.get(i - 1), due.get(i)),
            "a due time was skipped: " + due);
      }
      assertTrue(due.size() >= 6, due.toString());
      // and the runs themselves ran, on either node
      awaitRuns(s, id, r -> finished(r, "succeeded") == r.size());
    } finally {
      second.stop();
    }
  }

  /**
   * A server that was down over several due times fires once, for the latest of them, not a
   * backlog; then it goes on at its pace. PostgreSQL only: the second node is a new process on the
   * same database, as after a restart.
   */
  @Test
  void afterADowntimeOnlyTheLatestMissedDueTimeFires() throws Exception {
    assumeTrue(AtelierServer.onPostgres(), "a restart on the same database needs PostgreSQL");
    String db = AtelierServer.createPgDatabase();
    AtelierServer.Running first = null;
    AtelierServer.Running second = null;
    try {
      first = AtelierServer.launch("automations-before", env(), List.of("--nocluster"), db);
      Session s = withAgent(Api.at(first.baseUrl()), "auto-down", "ticker");
      String id = create(s, body("ticker", "*/2 * * * * *")).path("id").asText();
      awaitRuns(s, id, r -> r.size() >= 2);
      first.stop();
      first = null;
      Instant stopped = Instant.now(); // the first server's runs are all due before this
      Thread.sleep(6000); // longer than the threshold below: at least three due times go by
      Map<String, String> env = env();
      env.put("ATELIER_AUTOMATIONS_MISFIRE_THRESHOLD_SECONDS", "5");
      second = AtelierServer.launch("automations-after", env, List.of("--nocluster"), db);
      Session again = Accounts.login(Api.at(second.baseUrl()), s.email(), Accounts.PASSWORD);
      Predicate<JsonNode> old =
          r -> Instant.parse(r.path("scheduled_for").asText()).isBefore(stopped);
      awaitRuns(again, id, r -> r.stream().filter(old.negate()).count() >= 3);
      assertEquals(
          200, again.api().patch(AUTOMATIONS + "/" + id, Map.of("enabled", false)).status());
      List<JsonNode> runs = runsOf(again, id);
      List<JsonNode> before = runs.stream().filter(old).toList();
      Instant lastBefore =
          Instant.parse(before.get(before.size() - 1).path("scheduled_for").asText());
      List<Instant> after =
          runs.stream()
              .filter(old.negate())
              .map(r -> Instant.parse(r.path("scheduled_for").asText()))
              .toList();
      assertTrue(
          Duration.between(lastBefore, after.get(0)).compareTo(Duration.ofSeconds(6)) > 0,
          "the missed due times were made up: " + lastBefore + " then " + after);
      for (int i = 1; i < after.size(); i++) {
        assertEquals(Duration.ofSeconds(2), Duration.between(after.get(i - 1), after.get(i)));
      }
    } finally {
      if (first != null) {
        first.stop();
      }
      if (second != null) {
        second.stop();
      }
      AtelierServer.dropPgDatabase(db);
    }
  }
}
