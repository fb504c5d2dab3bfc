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
import dev.atelier.testkit.AtelierTest;
import dev.atelier.testkit.Concurrently;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The marketplace plugin on a server of its own that does not let anyone browse anonymously (and on
 * the shared server, which does): publishing, browsing, reviews, purchases with credits through the
 * core's ledger, forks, the library, the creator's items and moderation.
 */
@AtelierTest
class MarketplaceIT {

  private static final long ALLOWANCE = 100;

  private static AgentServer server;
  private static Api anon;
  private static Session root;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_PLUGIN_MARKETPLACE_ANONYMOUS_BROWSE", "false");
    // small project files limits for the bases that break them
    env.put("ATELIER_FILES_MAX_FILE_BYTES", "4000");
    env.put("ATELIER_FILES_MAX_ENTRIES", "30");
    // many users sign up from this one address
    env.put("ATELIER_RATE_LIMIT_LOGIN_ATTEMPTS_PER_IP", "1000");
    server = AgentServer.launch("marketplace", env);
    anon = server.anon;
    root = Accounts.login(anon, AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    // every workspace gets ALLOWANCE credits a month and no overage
    Map<String, Object> free =
        Map.of("name", "Free", "interval", "month", "monthly_credits", ALLOWANCE, "overage", false);
    Api.Res res = root.api().put("/api/v1/admin/billing/plans/free", free);
    assertEquals(200, res.status(), res.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  // ---- helpers

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static Map<String, Object> spec(String name) {
    return Map.of("name", name, "model", "openai:gpt-4o-mini", "instructions", "Help briefly.");
  }

  private static Map<String, Object> agentBody(String name, long price, Map<String, Object> more) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("description", "An agent called " + name);
    body.put("category", "productivity");
    body.put("tags", List.of("writing", "helper"));
    body.put("icon", "https://example.com/icon.png");
    body.put("price_credits", price);
    body.put("spec", spec("helper"));
    body.putAll(more);
    return body;
  }

  private static JsonNode publishAgent(Session s, String name, long price) {
    Api.Res res = s.api().post("/api/v1/marketplace/agents", agentBody(name, price, Map.of()));
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  private static JsonNode publishBase(Session s, String name) {
    Api.Res res =
        s.api()
            .post(
                "/api/v1/marketplace/bases",
                Map.of(
                    "name",
                    name,
                    "category",
                    "web",
                    "tags",
                    List.of("starter"),
                    "files",
                    Map.of("README.md", "# Starter\n", "src/app.js", "console.log('hi');\n"),
                    "agents",
                    List.of(spec("builder"))));
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  private static long balance(Session s) {
    Api.Res res = s.api().get("/api/v1/billing/credits");
    assertEquals(200, res.status(), res.toString());
    return res.json().path("balance").asLong();
  }

  private static List<String> ids(Api.Res res) {
    assertEquals(200, res.status(), res.toString());
    List<String> ids = new ArrayList<>();
    res.json().path("items").forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }

  // ---- tests

  @Test
  void aCreatorPublishesUpdatesAndWithdrawsAnAgent() {
    Session ada = Accounts.newUser(anon, "creator");
    String name = unique("Writer ");
    JsonNode item = publishAgent(ada, name, 0);
    String id = item.path("id").asText();
    assertEquals("agent", item.path("kind").asText());
    assertEquals(Catalog.slug(name), item.path("slug").asText());
    assertEquals("free", item.path("pricing").asText());
    assertEquals("public", item.path("visibility").asText());
    assertEquals("approved", item.path("status").asText());
    assertEquals("helper", item.path("content").path("name").asText(), item.toString());
    assertEquals(
        List.of("writing", "helper"),
        List.of(item.path("tags").get(0).asText(), item.path("tags").get(1).asText()));

    // details by id and by slug
    Session bob = Accounts.newUser(anon, "browser");
    assertEquals(id, bob.api().get("/api/v1/marketplace/agents/" + id).json().path("id").asText());
    assertEquals(
        id,
        bob.api()
            .get("/api/v1/marketplace/agents/" + item.path("slug").asText())
            .json()
            .path("id")
            .asText());

    // the creator changes it; another workspace cannot (404, as if it did not exist)
    Api.Res patched =
        ada.api()
            .patch(
                "/api/v1/marketplace/agents/" + id,
                Map.of("description", "Better", "price_credits", 5, "visibility", "unlisted"));
    assertEquals(200, patched.status(), patched.toString());
    assertEquals("Better", patched.json().path("description").asText());
    assertEquals("credits", patched.json().path("pricing").asText());
    assertProblem(
        bob.api().patch("/api/v1/marketplace/agents/" + id, Map.of("name", "Mine")),
        404,
        "not_found");
    assertProblem(bob.api().delete("/api/v1/marketplace/agents/" + id), 404, "not_found");

    // unlisted: found by id, not listed
    assertEquals(200, bob.api().get("/api/v1/marketplace/agents/" + id).status());
    assertTrue(
        !ids(bob.api().get("/api/v1/marketplace/agents?limit=500&q=" + name.split(" ")[1]))
            .contains(id));

    // a slug is taken once per kind
    assertProblem(
        ada.api().post("/api/v1/marketplace/agents", agentBody(name, 0, Map.of())),
        409,
        "slug_taken");

    // withdrawn: gone from details
    assertEquals(204, ada.api().delete("/api/v1/marketplace/agents/" + id).status());
    assertProblem(bob.api().get("/api/v1/marketplace/agents/" + id), 404, "not_found");
  }

  @Test
  void publishingRefusesBadInputAndViewers() {
    Session ada = Accounts.newUser(anon, "creator-bad");
    String path = "/api/v1/marketplace/agents";
    assertInvalid(ada.api().post(path, agentBody("", 0, Map.of())), "name");
    assertInvalid(ada.api().post(path, agentBody("X", -1, Map.of())), "price_credits");
    assertInvalid(ada.api().post(path, agentBody("X", 2_000_000, Map.of())), "price_credits");
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("stripe_price_id", "prod_123"))),
        "stripe_price_id");
    assertInvalid(
        ada.api().post(path, agentBody("X", 5, Map.of("stripe_price_id", "price_123"))),
        "price_credits");
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("visibility", "secret"))), "visibility");
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("tags", List.of("Bad Tag")))), "tags/0");
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("icon", "javascript:alert(1)"))), "icon");
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("spec", Map.of("name", "x")))),
        "spec/model",
        "spec/instructions");
    Map<String, Object> noSpec = agentBody("X", 0, Map.of());
    noSpec.remove("spec");
    assertInvalid(ada.api().post(path, noSpec), "spec");
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/marketplace/bases",
                Map.of("name", "B", "files", Map.of("../etc/passwd", "x"))),
        "files/../etc/passwd");
    assertInvalid(ada.api().post("/api/v1/marketplace/bases", Map.of("name", "B")), "files");
    // the package manifest: a format this server reads, a plugin API it has, nothing else
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("manifest", Map.of("format", 2)))),
        "manifest/format");
    assertInvalid(
        ada.api().post(path, agentBody("X", 0, Map.of("manifest", Map.of("requires", "1.0.0")))),
        "manifest/format");
    assertInvalid(
        ada.api()
            .post(
                path,
                agentBody("X", 0, Map.of("manifest", Map.of("format", 1, "requires", "99.0.0")))),
        "manifest/requires");
    assertInvalid(
        ada.api()
            .post(path, agentBody("X", 0, Map.of("manifest", Map.of("format", 1, "extra", true)))),
        "manifest/extra");

    Session viewer = Accounts.joinAs(ada, Accounts.newUser(anon, "viewer"), "viewer");
    assertProblem(viewer.api().post(path, agentBody("V", 0, Map.of())), 403, "forbidden");
    // nothing was published by all that
    Api.Res mine = ada.api().get("/api/v1/marketplace/creator/items");
    assertEquals(0, mine.json().path("total").asLong(), mine.toString());
    // a manifest this server can read is accepted
    Api.Res ok =
        ada.api()
            .post(
                path,
                agentBody(
                    unique("Manifested "),
                    0,
                    Map.of("manifest", Map.of("format", 1, "requires", "1.0.0"))));
    assertEquals(201, ok.status(), ok.toString());
  }

  @Test
  void browsingSearchesFiltersSortsAndPages() {
    Session ada = Accounts.newUser(anon, "shop");
    String word = unique("zq");
    List<String> made = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      Map<String, Object> body =
          agentBody(
              word + " agent " + n,
              0,
              Map.of("tags", List.of(n == 1 ? "special" : "plain", word), "category", word));
      Api.Res res = ada.api().post("/api/v1/marketplace/agents", body);
      assertEquals(201, res.status(), res.toString());
      made.add(res.json().path("id").asText());
    }
    Session bob = Accounts.newUser(anon, "shopper");
    String base = "/api/v1/marketplace/agents?q=" + word;
    Api.Res all = bob.api().get(base + "&sort=new");
    assertEquals(3, all.json().path("total").asLong(), all.toString());
    assertEquals(List.of(made.get(2), made.get(1), made.get(0)), ids(all));
    assertEquals(List.of(made.get(1)), ids(bob.api().get(base + "&tag=special")));
    assertEquals(3, ids(bob.api().get("/api/v1/marketplace/agents?category=" + word)).size());
    Api.Res page = bob.api().get(base + "&sort=new&limit=1&offset=1");
    assertEquals(List.of(made.get(1)), ids(page));
    assertEquals(3, page.json().path("total").asLong());
    assertEquals(1, page.json().path("limit").asInt());
    assertEquals(1, page.json().path("offset").asInt());
    assertInvalid(bob.api().get(base + "&sort=cheapest"), "sort");
    assertInvalid(bob.api().get(base + "&limit=0"), "limit");
    assertInvalid(bob.api().get(base + "&offset=-1"), "offset");

    // bases: list and browse, details, versions
    JsonNode b = publishBase(ada, word + " base");
    String slug = b.path("slug").asText();
    assertEquals(
        List.of(b.path("id").asText()),
        ids(
            bob.api()
                .get("/api/v1/marketplace/bases/browse?q=" + word + "&tag=starter&sort=rating")));
    assertEquals(
        List.of(b.path("id").asText()), ids(bob.api().get("/api/v1/marketplace/bases?q=" + word)));
    JsonNode details = bob.api().get("/api/v1/marketplace/bases/" + slug).json();
    assertEquals("# Starter\n", details.path("content").path("files").path("README.md").asText());
    assertEquals("builder", details.path("content").path("agents").get(0).path("name").asText());
  }

  @Test
  void browsingAnonymouslyFollowsTheServersSetting() {
    // this server does not allow it
    assertProblem(anon.get("/api/v1/marketplace/agents"), 401, "unauthorized");
    assertProblem(anon.get("/api/v1/marketplace/bases/browse"), 401, "unauthorized");
    Session ada = Accounts.newUser(anon, "anon-off");
    String id = publishAgent(ada, unique("Hidden from anon "), 0).path("id").asText();
    assertProblem(anon.get("/api/v1/marketplace/agents/" + id), 401, "unauthorized");
    assertProblem(anon.get("/api/v1/marketplace/agents/" + id + "/reviews"), 401, "unauthorized");

    // the shared server allows it (the default)
    Session eve = Accounts.newUser("anon-on");
    String word = unique("anon");
    Api.Res pub =
        eve.api().post("/api/v1/marketplace/agents", agentBody(word + " agent", 0, Map.of()));
    assertEquals(201, pub.status(), pub.toString());
    Api shared = Api.anonymous();
    assertEquals(
        List.of(pub.json().path("id").asText()),
        ids(shared.get("/api/v1/marketplace/agents?q=" + word)));
    assertEquals(
        200, shared.get("/api/v1/marketplace/agents/" + pub.json().path("id").asText()).status());
    // writing still needs a credential
    assertProblem(
        shared.post("/api/v1/marketplace/agents", agentBody("x", 0, Map.of())),
        401,
        "unauthorized");
  }

  @Test
  void purchasesChargeCreditsOnceAndCreditTheCreator() throws Exception {
    Session ada = Accounts.newUser(anon, "seller");
    Session bob = Accounts.newUser(anon, "buyer");
    assertEquals(ALLOWANCE, balance(ada));
    assertEquals(ALLOWANCE, balance(bob));
    String priced = publishAgent(ada, unique("Priced "), 30).path("id").asText();
    String dear = publishAgent(ada, unique("Dear "), 80).path("id").asText();
    String free = publishAgent(ada, unique("Free "), 0).path("id").asText();

    // a viewer may not buy; the creator may not buy its own
    Session viewer = Accounts.joinAs(bob, Accounts.newUser(anon, "buyer-viewer"), "viewer");
    assertProblem(
        viewer.api().post("/api/v1/marketplace/agents/" + priced + "/purchase", Map.of()),
        403,
        "forbidden");
    assertProblem(
        ada.api().post("/api/v1/marketplace/agents/" + priced + "/purchase", Map.of()),
        409,
        "own_item");

    // free: into the library, nothing charged
    Api.Res got = bob.api().post("/api/v1/marketplace/agents/" + free + "/purchase", Map.of());
    assertEquals(201, got.status(), got.toString());
    assertEquals(ALLOWANCE, balance(bob));

    // two purchases at once: one charge, one library entry
    List<Api.Res> both =
        Concurrently.times(
            2,
            () -> bob.api().post("/api/v1/marketplace/agents/" + priced + "/purchase", Map.of()));
    List<Integer> statuses = new ArrayList<>();
    both.forEach(r -> statuses.add(r.status()));
    assertTrue(statuses.contains(201), both.toString());
    assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 200), both.toString());
    assertEquals(ALLOWANCE - 30, balance(bob));
    // again later: already there, nothing charged
    Api.Res again = bob.api().post("/api/v1/marketplace/agents/" + priced + "/purchase", Map.of());
    assertEquals(200, again.status(), again.toString());
    assertEquals(ALLOWANCE - 30, balance(bob));

    // the ledger holds one marketplace entry of -30
    JsonNode tx = bob.api().get("/api/v1/billing/transactions").json();
    long charged = 0;
    for (JsonNode e : tx.path("items")) {
      if (e.path("amount").asLong() == -30) {
        charged++;
      }
    }
    assertEquals(1, charged, tx.toString());

    // short of credits: 402, nothing in the library, nothing charged
    assertProblem(
        bob.api().post("/api/v1/marketplace/agents/" + dear + "/purchase", Map.of()),
        402,
        "insufficient_credits");
    assertEquals(ALLOWANCE - 30, balance(bob));
    List<String> library = new ArrayList<>();
    bob.api()
        .get("/api/v1/marketplace/library/agents")
        .json()
        .path("items")
        .forEach(e -> library.add(e.path("item").path("id").asText()));
    assertEquals(2, library.size(), library.toString());
    assertTrue(library.containsAll(List.of(free, priced)), library.toString());
    assertEquals(2, bob.api().get("/api/v1/marketplace/library").json().path("total").asLong());
    assertEquals(
        0, bob.api().get("/api/v1/marketplace/library/bases").json().path("total").asLong());

    // the creator was credited with the sale and sees it on its items
    assertEquals(ALLOWANCE + 30, balance(ada));
    JsonNode items = ada.api().get("/api/v1/marketplace/creator/items").json();
    boolean seen = false;
    for (JsonNode i : items.path("items")) {
      if (i.path("item").path("id").asText().equals(priced)) {
        assertEquals(1, i.path("sales").asLong(), i.toString());
        assertEquals(30, i.path("revenue_credits").asLong(), i.toString());
        assertEquals(1, i.path("installs").asLong(), i.toString());
        seen = true;
      }
    }
    assertTrue(seen, items.toString());
    // and in its dashboard's totals: three items, two installs, one sale of 30 credits
    Api.Res dashboard = ada.api().get("/api/v1/creators/dashboard");
    assertEquals(200, dashboard.status(), dashboard.toString());
    assertEquals(3, dashboard.json().path("items").asLong(), dashboard.toString());
    assertEquals(2, dashboard.json().path("installs").asLong(), dashboard.toString());
    assertEquals(1, dashboard.json().path("sales").asLong(), dashboard.toString());
    assertEquals(30, dashboard.json().path("revenue_credits").asLong(), dashboard.toString());
    assertEquals(0, dashboard.json().path("rating_count").asLong(), dashboard.toString());
    // the buyer's workspace sells nothing: its own totals, none of the creator's
    JsonNode buyers = bob.api().get("/api/v1/creators/dashboard").json();
    assertEquals(0, buyers.path("items").asLong(), buyers.toString());
    assertEquals(0, buyers.path("sales").asLong(), buyers.toString());
    assertProblem(anon.get("/api/v1/creators/dashboard"), 401, "unauthorized");

    // another workspace's unknown ids
    assertProblem(
        bob.api().post("/api/v1/marketplace/agents/" + UUID.randomUUID() + "/purchase", Map.of()),
        404,
        "not_found");
  }

  @Test
  void reviewsNeedTheItemOncePerUserAndNotOwnItems() {
    Session ada = Accounts.newUser(anon, "reviewed");
    Session bob = Accounts.newUser(anon, "reviewer");
    Session cat = Accounts.newUser(anon, "stranger");
    String id = publishAgent(ada, unique("Rated "), 0).path("id").asText();
    String path = "/api/v1/marketplace/agents/" + id + "/reviews";

    assertProblem(ada.api().post(path, Map.of("rating", 5)), 403, "own_item");
    assertProblem(cat.api().post(path, Map.of("rating", 5)), 403, "not_acquired");
    assertEquals(
        201, bob.api().post("/api/v1/marketplace/agents/" + id + "/purchase", Map.of()).status());
    assertInvalid(bob.api().post(path, Map.of("rating", 0)), "rating");
    assertInvalid(bob.api().post(path, Map.of("rating", 6)), "rating");
    assertInvalid(bob.api().post(path, Map.of("text", "no stars")), "rating");
    assertInvalid(bob.api().post(path, Map.of("rating", 3, "text", "x".repeat(2001))), "text");
    Api.Res ok = bob.api().post(path, Map.of("rating", 4, "text", "Useful"));
    assertEquals(201, ok.status(), ok.toString());
    assertProblem(bob.api().post(path, Map.of("rating", 1)), 409, "review_exists");

    Session bob2 = Accounts.joinAs(bob, Accounts.newUser(anon, "reviewer-2"), "viewer");
    assertEquals(201, bob2.api().post(path, Map.of("rating", 2)).status());

    JsonNode reviews = cat.api().get(path).json();
    assertEquals(2, reviews.path("total").asLong(), reviews.toString());
    JsonNode item = cat.api().get("/api/v1/marketplace/agents/" + id).json();
    assertEquals(3.0, item.path("rating").asDouble(), item.toString());
    assertEquals(2, item.path("rating_count").asLong(), item.toString());
    JsonNode dashboard = ada.api().get("/api/v1/creators/dashboard").json();
    assertEquals(3.0, dashboard.path("rating").asDouble(), dashboard.toString());
    assertEquals(2, dashboard.path("rating_count").asLong(), dashboard.toString());
    assertProblem(
        cat.api().get("/api/v1/marketplace/agents/" + UUID.randomUUID() + "/reviews"),
        404,
        "not_found");
  }

  @Test
  void forkingMakesAnAgentInTheCallersWorkspace() {
    Session ada = Accounts.newUser(anon, "forked");
    Session bob = Accounts.newUser(anon, "forker");
    String free = publishAgent(ada, unique("Forkable "), 0).path("id").asText();
    String priced = publishAgent(ada, unique("Paid fork "), 10).path("id").asText();

    Api.Res fork =
        bob.api().post("/api/v1/marketplace/agents/" + free + "/fork", Map.of("name", "my-helper"));
    assertEquals(201, fork.status(), fork.toString());
    assertEquals("my-helper", fork.json().path("agent").asText());
    Api.Res agent = bob.api().get("/api/v1/agents/my-helper");
    assertEquals(200, agent.status(), agent.toString());
    // the name is taken now
    assertProblem(
        bob.api().post("/api/v1/marketplace/agents/" + free + "/fork", Map.of("name", "my-helper")),
        409,
        "agent_exists");
    assertInvalid(
        bob.api().post("/api/v1/marketplace/agents/" + free + "/fork", Map.of("name", "Bad Name")),
        "spec/name");
    // a priced agent is bought first
    assertProblem(
        bob.api().post("/api/v1/marketplace/agents/" + priced + "/fork", Map.of()),
        402,
        "purchase_required");
    assertEquals(
        201,
        bob.api().post("/api/v1/marketplace/agents/" + priced + "/purchase", Map.of()).status());
    Api.Res paid = bob.api().post("/api/v1/marketplace/agents/" + priced + "/fork", Map.of());
    assertEquals(201, paid.status(), paid.toString());
    assertEquals("helper", paid.json().path("agent").asText());
    // viewers cannot fork
    Session viewer = Accounts.joinAs(bob, Accounts.newUser(anon, "fork-viewer"), "viewer");
    assertProblem(
        viewer.api().post("/api/v1/marketplace/agents/" + free + "/fork", Map.of("name", "v")),
        403,
        "forbidden");
  }

  @Test
  void basesHaveVersions() {
    Session ada = Accounts.newUser(anon, "base-maker");
    JsonNode b = publishBase(ada, unique("Starter "));
    String id = b.path("id").asText();
    assertEquals("1.0.0", b.path("version").asText());
    Api.Res v2 =
        ada.api()
            .post(
                "/api/v1/marketplace/bases/" + id + "/versions",
                Map.of("version", "1.1.0", "notes", "More", "files", Map.of("README.md", "v2")));
    assertEquals(201, v2.status(), v2.toString());
    assertEquals("1.1.0", v2.json().path("version").asText());
    assertProblem(
        ada.api()
            .post(
                "/api/v1/marketplace/bases/" + id + "/versions",
                Map.of("version", "1.0.5", "files", Map.of("README.md", "old"))),
        409,
        "version_exists");
    assertInvalid(
        ada.api()
            .post(
                "/api/v1/marketplace/bases/" + id + "/versions",
                Map.of("version", "two", "files", Map.of("README.md", "x"))),
        "version");
    Session bob = Accounts.newUser(anon, "base-reader");
    JsonNode versions =
        bob.api().get("/api/v1/marketplace/bases/" + b.path("slug").asText() + "/versions").json();
    assertEquals(2, versions.size(), versions.toString());
    assertEquals("1.1.0", versions.get(0).path("version").asText());
    assertProblem(
        bob.api()
            .post(
                "/api/v1/marketplace/bases/" + id + "/versions",
                Map.of("version", "9.0.0", "files", Map.of("README.md", "x"))),
        404,
        "not_found");
    assertEquals(
        201, bob.api().post("/api/v1/marketplace/bases/" + id + "/purchase", Map.of()).status());
    assertEquals(
        1, bob.api().get("/api/v1/marketplace/library/bases").json().path("total").asLong());
  }

  private static Api.Res projectFrom(Session s, String slug, String base) {
    return s.api()
        .post("/api/v1/projects", Map.of("name", "From a base", "slug", slug, "base", base));
  }

  private static JsonNode publishBase(Session s, String name, Map<String, Object> more) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("files", Map.of("README.md", "# " + name + "\n"));
    body.putAll(more);
    Api.Res res = s.api().post("/api/v1/marketplace/bases", body);
    assertEquals(201, res.status(), res.toString());
    return res.json();
  }

  private static String file(Session s, String project, String path) {
    Api.Res res = s.api().get("/api/v1/projects/" + project + "/files/" + path + "?raw=true");
    assertEquals(200, res.status(), res.toString());
    return res.text();
  }

  @Test
  void aFreeBaseBecomesAProjectWithItsFilesAndAgents() {
    Session ada = Accounts.newUser(anon, "base-author");
    JsonNode b = publishBase(ada, unique("Web starter "));
    String id = b.path("id").asText();
    String slug = b.path("slug").asText();
    long installs = b.path("installs").asLong();
    Session bob = Accounts.newUser(anon, "base-user");

    Api.Res made = projectFrom(bob, "from-base", slug);
    assertEquals(201, made.status(), made.toString());
    assertEquals("from-base", made.json().path("slug").asText());
    assertEquals("# Starter\n", file(bob, "from-base", "README.md"));
    assertEquals("console.log('hi');\n", file(bob, "from-base", "src/app.js"));
    Api.Res agent = bob.api().get("/api/v1/agents/builder");
    assertEquals(200, agent.status(), agent.toString());
    // the marketplace counts the install
    Api.Res details = bob.api().get("/api/v1/marketplace/bases/" + id);
    assertEquals(installs + 1, details.json().path("installs").asLong(), details.toString());

    // the base's agent is now taken: 409 and no second project
    assertProblem(projectFrom(bob, "again", id), 409, "agent_exists");
    assertProblem(bob.api().get("/api/v1/projects/again"), 404, "not_found");

    // a specific version
    Session cy = Accounts.newUser(anon, "base-versions");
    Api.Res v2 =
        ada.api()
            .post(
                "/api/v1/marketplace/bases/" + id + "/versions",
                Map.of("version", "2.0.0", "files", Map.of("NOTES.md", "second")));
    assertEquals(201, v2.status(), v2.toString());
    Api.Res latest = projectFrom(cy, "latest", slug);
    assertEquals(201, latest.status(), latest.toString());
    assertEquals("second", file(cy, "latest", "NOTES.md"));
    assertProblem(cy.api().get("/api/v1/projects/latest/files/README.md"), 404, "not_found");
    Api.Res first = projectFrom(cy, "first", slug + "@1.0.0");
    assertEquals(201, first.status(), first.toString());
    assertEquals("# Starter\n", file(cy, "first", "README.md"));
    assertProblem(projectFrom(cy, "none", slug + "@9.9.9"), 404, "not_found");

    // malformed and unknown bases, viewers
    assertInvalid(projectFrom(cy, "bad", slug + "@two"), "base");
    assertInvalid(projectFrom(cy, "bad", " "), "base");
    assertInvalid(projectFrom(cy, "bad", "x".repeat(201)), "base");
    assertProblem(projectFrom(cy, "bad", unique("no-such-base-")), 404, "not_found");
    Session viewer = Accounts.joinAs(cy, Accounts.newUser(anon, "base-viewer"), "viewer");
    assertProblem(projectFrom(viewer, "viewed", slug), 403, "forbidden");
    assertProblem(cy.api().get("/api/v1/projects/bad"), 404, "not_found");
  }

  @Test
  void aPricedBaseIsBoughtFirstAndOthersUnlistedBasesAreHidden() {
    Session ada = Accounts.newUser(anon, "priced-base");
    String priced =
        publishBase(ada, unique("Paid base "), Map.of("price_credits", 10)).path("id").asText();
    String unlisted =
        publishBase(ada, unique("Private base "), Map.of("visibility", "unlisted"))
            .path("slug")
            .asText();
    Session bob = Accounts.newUser(anon, "priced-buyer");
    assertProblem(projectFrom(bob, "paid", priced), 402, "purchase_required");
    assertProblem(bob.api().get("/api/v1/projects/paid"), 404, "not_found");
    assertEquals(
        201,
        bob.api().post("/api/v1/marketplace/bases/" + priced + "/purchase", Map.of()).status());
    Api.Res paid = projectFrom(bob, "paid", priced);
    assertEquals(201, paid.status(), paid.toString());
    assertTrue(file(bob, "paid", "README.md").startsWith("# Paid base "));

    // another workspace's unlisted base is not found; its creator uses it
    assertProblem(projectFrom(bob, "unlisted", unlisted), 404, "not_found");
    Api.Res own = projectFrom(ada, "own-unlisted", unlisted);
    assertEquals(201, own.status(), own.toString());
  }

  @Test
  void aBaseBeyondTheFilesLimitsLeavesNoProject() {
    Session ada = Accounts.newUser(anon, "big-base");
    String big =
        publishBase(ada, unique("Big file "), Map.of("files", Map.of("big.txt", "x".repeat(5000))))
            .path("id")
            .asText();
    Map<String, String> many = new HashMap<>();
    for (int n = 0; n < 40; n++) {
      many.put("f" + n + ".txt", "file " + n);
    }
    String crowded =
        publishBase(
                ada,
                unique("Many files "),
                Map.of("files", many, "agents", List.of(spec("crowd-helper"))))
            .path("id")
            .asText();
    String badPath =
        publishBase(
                ada,
                unique("Bad path "),
                Map.of("files", Map.of("ok.txt", "x", "docs/.atelier-tmp-x", "x")))
            .path("id")
            .asText();
    Session bob = Accounts.newUser(anon, "big-user");
    long before = bob.api().get("/api/v1/projects").json().path("total").asLong();
    assertProblem(projectFrom(bob, "big", big), 413, "file_too_large");
    assertProblem(projectFrom(bob, "crowded", crowded), 409, "project_quota_exceeded");
    assertProblem(projectFrom(bob, "bad-path", badPath), 422, "invalid_path");
    // nothing was left behind: no project, no agent
    assertEquals(before, bob.api().get("/api/v1/projects").json().path("total").asLong());
    assertProblem(bob.api().get("/api/v1/projects/big"), 404, "not_found");
    assertProblem(bob.api().get("/api/v1/agents/crowd-helper"), 404, "not_found");
  }

  @Test
  void superusersModerate() {
    Session ada = Accounts.newUser(anon, "moderated");
    Session bob = Accounts.newUser(anon, "audience");
    String id = publishAgent(ada, unique("Dubious "), 0).path("id").asText();

    assertProblem(bob.api().get("/api/v1/admin/marketplace/items"), 403, "forbidden");
    assertProblem(anon.get("/api/v1/admin/marketplace/items"), 401, "unauthorized");
    assertProblem(
        ada.api().patch("/api/v1/admin/marketplace/items/" + id, Map.of("status", "hidden")),
        403,
        "forbidden");
    assertTrue(
        ids(root.api().get("/api/v1/admin/marketplace/items?limit=500&status=approved"))
            .contains(id));
    assertInvalid(root.api().get("/api/v1/admin/marketplace/items?status=gone"), "status");
    assertInvalid(
        root.api().patch("/api/v1/admin/marketplace/items/" + id, Map.of("status", "gone")),
        "status");
    assertProblem(
        root.api()
            .patch(
                "/api/v1/admin/marketplace/items/" + UUID.randomUUID(), Map.of("status", "hidden")),
        404,
        "not_found");

    Api.Res hidden =
        root.api().patch("/api/v1/admin/marketplace/items/" + id, Map.of("status", "hidden"));
    assertEquals(200, hidden.status(), hidden.toString());
    assertEquals("hidden", hidden.json().path("status").asText());
    // hidden: gone for others, still the creator's
    assertProblem(bob.api().get("/api/v1/marketplace/agents/" + id), 404, "not_found");
    assertProblem(
        bob.api().post("/api/v1/marketplace/agents/" + id + "/purchase", Map.of()),
        404,
        "not_found");
    assertEquals(200, ada.api().get("/api/v1/marketplace/agents/" + id).status());
    assertTrue(
        ids(root.api().get("/api/v1/admin/marketplace/items?limit=500&status=hidden"))
            .contains(id));

    assertEquals(
        200,
        root.api()
            .patch("/api/v1/admin/marketplace/items/" + id, Map.of("status", "approved"))
            .status());
    assertEquals(200, bob.api().get("/api/v1/marketplace/agents/" + id).status());
  }

  @Test
  void updatingAnInstalledItemIsItsOwnActionNotAFork() {
    Session ada = Accounts.newUser(anon, "updater");
    Session bob = Accounts.newUser(anon, "installer");
    Session carl = Accounts.newUser(anon, "outsider");
    String id = publishAgent(ada, unique("Versioned "), 0).path("id").asText();
    String item = "/api/v1/marketplace/agents/" + id;
    assertEquals(201, bob.api().post(item + "/purchase", Map.of()).status());
    JsonNode held = bob.api().get("/api/v1/marketplace/library/agents").json().path("items").get(0);
    assertEquals("1.0.0", held.path("version").asText(), held.toString());
    assertFalse(held.path("update_available").asBoolean());

    Map<String, Object> v2 = new HashMap<>(spec("helper"));
    v2.put("instructions", "Help at length.");
    Api.Res patched = ada.api().patch(item, Map.of("spec", v2));
    assertEquals(200, patched.status(), patched.toString());
    assertEquals("1.0.1", patched.json().path("version").asText());
    held = bob.api().get("/api/v1/marketplace/library/agents").json().path("items").get(0);
    assertEquals("1.0.0", held.path("version").asText());
    assertTrue(held.path("update_available").asBoolean(), held.toString());

    // a fork copies the version the library holds, and moves nothing
    Api.Res old = bob.api().post(item + "/fork", Map.of("name", "old-helper"));
    assertEquals(201, old.status(), old.toString());
    assertEquals("1.0.0", old.json().path("version").asText());
    String oldContent = bob.api().get("/api/v1/agents/old-helper").json().path("content").asText();
    assertTrue(oldContent.contains("Help briefly."), oldContent);

    String update = "/api/v1/marketplace/library/" + id + "/update";
    Session viewer = Accounts.joinAs(bob, Accounts.newUser(anon, "update-viewer"), "viewer");
    assertProblem(viewer.api().post(update, Map.of()), 403, "forbidden");
    assertProblem(carl.api().post(update, Map.of()), 404, "not_found");
    assertProblem(
        bob.api().post("/api/v1/marketplace/library/" + UUID.randomUUID() + "/update", Map.of()),
        404,
        "not_found");
    Api.Res moved = bob.api().post(update, Map.of());
    assertEquals(200, moved.status(), moved.toString());
    assertEquals("1.0.1", moved.json().path("version").asText());
    assertFalse(moved.json().path("update_available").asBoolean());
    Api.Res fresh = bob.api().post(item + "/fork", Map.of("name", "new-helper"));
    assertEquals("1.0.1", fresh.json().path("version").asText(), fresh.toString());
    String newContent = bob.api().get("/api/v1/agents/new-helper").json().path("content").asText();
    assertTrue(newContent.contains("Help at length."), newContent);

    // a hidden item has no update to give
    assertEquals(
        200,
        root.api()
            .patch("/api/v1/admin/marketplace/items/" + id, Map.of("status", "hidden"))
            .status());
    assertProblem(bob.api().post(update, Map.of()), 409, "item_unavailable");
  }

  @Test
  void usersReportItemsOnceAndModeratorsReadTheReasons() {
    Session ada = Accounts.newUser(anon, "reported");
    Session bob = Accounts.newUser(anon, "reporter");
    String agent = publishAgent(ada, unique("Spammy "), 0).path("id").asText();
    String base = publishBase(ada, unique("Spammy base ")).path("id").asText();
    String report = "/api/v1/marketplace/agents/" + agent + "/report";

    assertInvalid(bob.api().post(report, Map.of("reason", "")), "reason");
    assertProblem(ada.api().post(report, Map.of("reason", "mine")), 409, "own_item");
    assertProblem(
        bob.api().post("/api/v1/marketplace/bases/" + agent + "/report", Map.of("reason", "x")),
        404,
        "not_found");
    Api.Res made = bob.api().post(report, Map.of("reason", "It sends spam."));
    assertEquals(201, made.status(), made.toString());
    assertProblem(bob.api().post(report, Map.of("reason", "Again.")), 409, "report_exists");
    // another user of the same workspace may report it too
    Session bea = Accounts.joinAs(bob, Accounts.newUser(anon, "reporter-2"), "viewer");
    assertEquals(201, bea.api().post(report, Map.of("reason", "Spam.")).status());
    assertEquals(
        201,
        bob.api()
            .post("/api/v1/marketplace/bases/" + base + "/report", Map.of("reason", "Broken."))
            .status());

    JsonNode listed = null;
    for (JsonNode i :
        root.api().get("/api/v1/admin/marketplace/items?limit=500").json().path("items")) {
      if (agent.equals(i.path("id").asText())) {
        listed = i;
      }
    }
    assertEquals(2, listed.path("reports").asLong(), String.valueOf(listed));
    Api.Res reasons = root.api().get("/api/v1/admin/marketplace/items/" + agent + "/reports");
    assertEquals(200, reasons.status(), reasons.toString());
    assertEquals(2, reasons.json().path("total").asLong());
    List<String> why = new ArrayList<>();
    reasons.json().path("items").forEach(r -> why.add(r.path("reason").asText()));
    assertEquals(List.of("It sends spam.", "Spam."), why.stream().sorted().toList());
    assertEquals(bob.tenantId(), reasons.json().path("items").get(0).path("workspace_id").asText());
    assertProblem(
        bob.api().get("/api/v1/admin/marketplace/items/" + agent + "/reports"), 403, "forbidden");
    assertProblem(
        root.api().get("/api/v1/admin/marketplace/items/" + UUID.randomUUID() + "/reports"),
        404,
        "not_found");
    // the public view shows no reports
    JsonNode shown = bob.api().get("/api/v1/marketplace/agents/" + agent).json().path("reports");
    assertTrue(shown.isMissingNode() || shown.isNull(), shown.toString());
  }

  /** The slug the server derives from a name. */
  static final class Catalog {
    static String slug(String name) {
      return name.toLowerCase(java.util.Locale.ROOT)
          .replaceAll("[^a-z0-9]+", "-")
          .replaceAll("^-+|-+$", "");
    }
  }
}
