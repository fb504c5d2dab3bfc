package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.Concurrently;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AtelierServer.class)
class TenantsIT {

  private static final String TENANTS = "/api/v1/tenants";
  private static final String CURRENT = "/api/v1/tenants/current";
  private static final String MEMBERS = "/api/v1/tenants/current/members";
  private static final String INVITATIONS = "/api/v1/tenants/current/invitations";

  // --- helpers

  /** Invites {@code email} to {@code admin}'s workspace with {@code role}: the token. */
  private static String invite(Session admin, String email, String role) {
    Api.Res res = admin.api().post(INVITATIONS, Map.of("email", email, "role", role));
    assertEquals(201, res.status(), res.toString());
    return res.json().path("token").asText();
  }

  /** {@code who} accepts invitation {@code token}. */
  private static Api.Res accept(Session who, String token) {
    return who.api().post("/api/v1/invitations/" + token + "/accept", Map.of());
  }

  /** A 422 whose field errors name exactly {@code fields} (in any order). */
  private static JsonNode member(Session admin, String userId) {
    for (JsonNode m : admin.api().get(MEMBERS + "?limit=500").json().path("items")) {
      if (m.path("user_id").asText().equals(userId)) {
        return m;
      }
    }
    return null;
  }

  private static Api.Res createTenant(Session s, Object body) {
    return s.api().post(TENANTS, body);
  }

  private static Map<String, Object> body(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static String uniqueSlug(String hint) {
    return hint + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // --- GET /tenants

  @Test
  void listShowsOnlyMyWorkspacesWithMyRole() {
    Session alice = Accounts.newUser("list-alice");
    Session bob = Accounts.newUser("list-bob");

    Api.Res mine = alice.api().get(TENANTS);
    assertEquals(200, mine.status(), mine.toString());
    JsonNode page = mine.json();
    assertEquals(1, page.path("total").asInt());
    assertEquals(50, page.path("limit").asInt());
    assertEquals(0, page.path("offset").asInt());
    JsonNode personal = page.path("items").get(0);
    assertEquals(alice.tenantId(), personal.path("id").asText());
    assertEquals("admin", personal.path("role").asText());
    assertTrue(personal.path("personal").asBoolean());
    assertFalse(personal.path("slug").asText("").isBlank());
    assertNotNull(personal.path("created_at").asText(null));
    assertNotNull(personal.path("updated_at").asText(null));

    // bob's workspace appears for alice only once she is a member, with her role there
    Accounts.joinAs(bob, alice, "viewer");
    JsonNode after = alice.api().get(TENANTS).json();
    assertEquals(2, after.path("total").asInt(), after.toString());
    Map<String, String> roles = new HashMap<>();
    after.path("items").forEach(t -> roles.put(t.path("id").asText(), t.path("role").asText()));
    assertEquals(Map.of(alice.tenantId(), "admin", bob.tenantId(), "viewer"), roles);

    // bob never sees alice's workspace
    JsonNode bobs = bob.api().get(TENANTS).json();
    assertEquals(1, bobs.path("total").asInt());
    assertEquals(bob.tenantId(), bobs.path("items").get(0).path("id").asText());
  }

  @Test
  void listPages() {
    Session s = Accounts.newUser("page");
    for (int i = 0; i < 3; i++) {
      assertEquals(201, createTenant(s, Map.of("name", "Team " + i)).status());
    }
    JsonNode all = s.api().get(TENANTS).json();
    assertEquals(4, all.path("total").asInt());
    assertEquals(4, all.path("items").size());

    Api.Res second = s.api().get(TENANTS + "?limit=2&offset=1");
    assertEquals(200, second.status(), second.toString());
    JsonNode p = second.json();
    assertEquals(4, p.path("total").asInt());
    assertEquals(2, p.path("limit").asInt());
    assertEquals(1, p.path("offset").asInt());
    assertEquals(2, p.path("items").size());
    assertEquals(all.path("items").get(1).path("id"), p.path("items").get(0).path("id"));
    assertEquals(all.path("items").get(2).path("id"), p.path("items").get(1).path("id"));

    JsonNode beyond = s.api().get(TENANTS + "?offset=10").json();
    assertEquals(4, beyond.path("total").asInt());
    assertEquals(0, beyond.path("items").size());

    assertEquals(200, s.api().get(TENANTS + "?limit=500").status());
    assertEquals(200, s.api().get(TENANTS + "?limit=1").status());
  }

  @Test
  void listRejectsPagingOutOfRange() {
    Session s = Accounts.newUser("range");
    assertInvalid(s.api().get(TENANTS + "?limit=0"), "limit");
    assertInvalid(s.api().get(TENANTS + "?limit=501"), "limit");
    assertInvalid(s.api().get(TENANTS + "?limit=-3"), "limit");
    assertInvalid(s.api().get(TENANTS + "?limit=ten"), "limit");
    assertInvalid(s.api().get(TENANTS + "?offset=-1"), "offset");
    assertInvalid(s.api().get(TENANTS + "?offset=x"), "offset");
  }

  @Test
  void everyTenantEndpointNeedsACredential() {
    Session s = Accounts.newUser("anon");
    Api anon = Api.anonymous();
    List<Api.Res> responses =
        List.of(
            anon.get(TENANTS),
            anon.post(TENANTS, Map.of("name", "Nope")),
            anon.get(CURRENT),
            anon.patch(CURRENT, Map.of("name", "Nope")),
            anon.get(MEMBERS),
            anon.post(MEMBERS, Map.of("email", s.email(), "role", "viewer")),
            anon.patch(MEMBERS + "/" + s.userId(), Map.of("role", "viewer")),
            anon.delete(MEMBERS + "/" + s.userId()),
            anon.withToken("not-a-token").get(TENANTS),
            anon.withApiKey("atl_live_AAAAAAAAAAAA_" + "B".repeat(32)).get(CURRENT));
    for (Api.Res res : responses) {
      assertProblem(res, 401, "unauthorized");
      assertNotNull(res.header("WWW-Authenticate"), res.toString());
    }
    // nothing changed for the user
    assertEquals(1, s.api().get(MEMBERS).json().path("total").asInt());
    assertEquals(1, s.api().get(TENANTS).json().path("total").asInt());
  }

  // --- POST /tenants

  @Test
  void createMakesTheCallerAdminOfANewWorkspace() {
    Session s = Accounts.newUser("create");
    Api.Res res = createTenant(s, Map.of("name", "  Design Team  "));
    assertEquals(201, res.status(), res.toString());
    JsonNode t = res.json();
    String id = t.path("id").asText();
    assertNotEquals(s.tenantId(), id);
    assertEquals("Design Team", t.path("name").asText());
    assertEquals("admin", t.path("role").asText());
    assertFalse(t.path("personal").asBoolean());
    String slug = t.path("slug").asText();
    assertTrue(slug.startsWith("design-team"), slug);
    assertTrue(slug.matches("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"), slug);

    // the creator can switch there, is its only member and admin
    Api.Res switched = s.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", id));
    assertEquals(200, switched.status(), switched.toString());
    Session there = Accounts.session(s.anonymous(), s.email(), switched.json());
    JsonNode current = there.api().get(CURRENT).json();
    assertEquals(id, current.path("id").asText());
    assertEquals("admin", current.path("role").asText());
    JsonNode members = there.api().get(MEMBERS).json();
    assertEquals(1, members.path("total").asInt());
    assertEquals(s.userId(), members.path("items").get(0).path("user_id").asText());
    assertEquals("admin", members.path("items").get(0).path("role").asText());

    // a second workspace of the same name gets another slug
    Api.Res again = createTenant(s, Map.of("name", "Design Team"));
    assertEquals(201, again.status(), again.toString());
    assertNotEquals(slug, again.json().path("slug").asText());
  }

  @Test
  void createWithAChosenSlug() {
    Session s = Accounts.newUser("slug");
    String slug = uniqueSlug("acme");
    Api.Res res = createTenant(s, Map.of("name", "Acme", "slug", slug));
    assertEquals(201, res.status(), res.toString());
    assertEquals(slug, res.json().path("slug").asText());
    boolean listed = false;
    for (JsonNode t : s.api().get(TENANTS).json().path("items")) {
      listed |= t.path("id").asText().equals(res.json().path("id").asText());
    }
    assertTrue(listed);
  }

  @Test
  void createRefusesATakenSlug() {
    Session alice = Accounts.newUser("taken-a");
    Session bob = Accounts.newUser("taken-b");
    String slug = uniqueSlug("shared");
    assertEquals(201, createTenant(alice, Map.of("name", "First", "slug", slug)).status());

    assertProblem(createTenant(alice, Map.of("name", "Second", "slug", slug)), 409, "slug_taken");
    // slugs are global: another user cannot take it either
    assertProblem(createTenant(bob, Map.of("name", "Third", "slug", slug)), 409, "slug_taken");
    // a personal workspace's slug is taken too
    String personalSlug = alice.api().get(CURRENT).json().path("slug").asText();
    assertProblem(
        createTenant(bob, Map.of("name", "Fourth", "slug", personalSlug)), 409, "slug_taken");
    assertEquals(2, alice.api().get(TENANTS).json().path("total").asInt());
    assertEquals(1, bob.api().get(TENANTS).json().path("total").asInt());
  }

  @Test
  void createValidatesItsInput() {
    Session s = Accounts.newUser("create-bad");
    assertInvalid(createTenant(s, Map.of()), "name");
    assertInvalid(createTenant(s, Map.of("name", "   ")), "name");
    assertInvalid(createTenant(s, Map.of("name", "x".repeat(201))), "name");
    assertInvalid(createTenant(s, Map.of("name", "bell\u0007")), "name");
    assertEquals(201, createTenant(s, Map.of("name", "y".repeat(200))).status());
    for (String bad :
        List.of("Upper", "has space", "-lead", "trail-", "under_score", "", "a".repeat(65))) {
      assertInvalid(createTenant(s, Map.of("name", "Ok", "slug", bad)), "slug");
    }
    assertEquals(201, createTenant(s, Map.of("name", "Ok", "slug", uniqueSlug("a1-b2"))).status());
    // every invalid field is reported at once
    assertInvalid(createTenant(s, body("name", "", "slug", "Nope!")), "name", "slug");

    Api.Res malformed = s.api().post(TENANTS, "{\"name\": ");
    assertProblem(malformed, 400, "malformed_json");
    Api.Res notAnObject = s.api().post(TENANTS, "[1, 2]");
    assertEquals(400, notAnObject.status(), notAnObject.toString());
    Api.Res empty = s.api().send("POST", TENANTS, null, null);
    assertTrue(empty.status() == 400 || empty.status() == 415, empty.toString());
    // only the valid ones were created
    assertEquals(3, s.api().get(TENANTS).json().path("total").asInt());
  }

  @Test
  void apiKeysCannotCreateWorkspaces() {
    Session s = Accounts.newUser("key-create");
    String key = Accounts.apiKey(s, "admin");
    Api keyApi = Api.anonymous().withApiKey(key);
    assertProblem(keyApi.post(TENANTS, Map.of("name", "By key")), 403, "forbidden");
    // also as a bearer credential
    Api bearerKey = Api.anonymous().withToken(key);
    assertProblem(bearerKey.post(TENANTS, Map.of("name", "By key")), 403, "forbidden");
    assertEquals(1, s.api().get(TENANTS).json().path("total").asInt());
    // the key can still read
    Api.Res current = keyApi.get(CURRENT);
    assertEquals(200, current.status(), current.toString());
    assertEquals(s.tenantId(), current.json().path("id").asText());
  }

  @Test
  void anyMemberMayCreateAWorkspaceOfTheirOwn() {
    Session owner = Accounts.newUser("any-owner");
    Session viewer = Accounts.joinAs(owner, Accounts.newUser("any-viewer"), "viewer");
    Api.Res res = createTenant(viewer, Map.of("name", "Mine now"));
    assertEquals(201, res.status(), res.toString());
    assertEquals("admin", res.json().path("role").asText());
    // the owner's workspace is not affected
    assertEquals(2, owner.api().get(MEMBERS).json().path("total").asInt());
  }

  // --- GET/PATCH /tenants/current

  @Test
  void currentShowsTheCallersWorkspaceAndLiveRole() {
    Session admin = Accounts.newUser("cur-admin");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("cur-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("cur-op"), "operator");

    JsonNode a = admin.api().get(CURRENT).json();
    assertEquals(admin.tenantId(), a.path("id").asText());
    assertEquals("admin", a.path("role").asText());
    assertTrue(a.path("personal").asBoolean());
    for (Map.Entry<Session, String> e : Map.of(viewer, "viewer", operator, "operator").entrySet()) {
      Api.Res res = e.getKey().api().get(CURRENT);
      assertEquals(200, res.status(), res.toString());
      assertEquals(admin.tenantId(), res.json().path("id").asText());
      assertEquals(a.path("slug"), res.json().path("slug"));
      assertEquals(e.getValue(), res.json().path("role").asText());
    }
    // a role change shows on the next request with the same token
    assertEquals(
        200,
        admin.api().patch(MEMBERS + "/" + viewer.userId(), Map.of("role", "operator")).status());
    assertEquals("operator", viewer.api().get(CURRENT).json().path("role").asText());
  }

  @Test
  void adminRenamesTheWorkspaceAndChangesItsSlug() {
    Session s = Accounts.newUser("rename");
    JsonNode before = s.api().get(CURRENT).json();
    String slug = uniqueSlug("renamed");
    Api.Res res = s.api().patch(CURRENT, Map.of("name", "  Renamed  ", "slug", slug));
    assertEquals(200, res.status(), res.toString());
    JsonNode t = res.json();
    assertEquals(s.tenantId(), t.path("id").asText());
    assertEquals("Renamed", t.path("name").asText());
    assertEquals(slug, t.path("slug").asText());
    assertEquals("admin", t.path("role").asText());
    assertEquals(before.path("created_at"), t.path("created_at"));
    assertNotEquals(before.path("updated_at"), t.path("updated_at"));

    JsonNode after = s.api().get(CURRENT).json();
    assertEquals("Renamed", after.path("name").asText());
    assertEquals(slug, after.path("slug").asText());

    // only the given fields change
    Api.Res nameOnly = s.api().patch(CURRENT, Map.of("name", "Again"));
    assertEquals(200, nameOnly.status(), nameOnly.toString());
    assertEquals(slug, nameOnly.json().path("slug").asText());
    Api.Res slugOnly = s.api().patch(CURRENT, Map.of("slug", slug + "-x"));
    assertEquals(200, slugOnly.status(), slugOnly.toString());
    assertEquals("Again", slugOnly.json().path("name").asText());
    // keeping one's own slug is not a conflict
    Api.Res same = s.api().patch(CURRENT, Map.of("slug", slug + "-x"));
    assertEquals(200, same.status(), same.toString());
    Api.Res nothing = s.api().patch(CURRENT, Map.of());
    assertEquals(200, nothing.status(), nothing.toString());
    assertEquals("Again", nothing.json().path("name").asText());

    // the old slug is free again
    Session other = Accounts.newUser("rename-other");
    assertEquals(201, createTenant(other, Map.of("name", "Old", "slug", slug)).status());
  }

  @Test
  void patchCurrentValidatesItsInput() {
    Session s = Accounts.newUser("patch-bad");
    JsonNode before = s.api().get(CURRENT).json();
    assertInvalid(s.api().patch(CURRENT, Map.of("name", "")), "name");
    assertInvalid(s.api().patch(CURRENT, Map.of("name", "   ")), "name");
    assertInvalid(s.api().patch(CURRENT, Map.of("name", "n".repeat(201))), "name");
    assertInvalid(s.api().patch(CURRENT, Map.of("slug", "Not A Slug")), "slug");
    assertInvalid(s.api().patch(CURRENT, Map.of("slug", "")), "slug");
    assertInvalid(s.api().patch(CURRENT, Map.of("name", "", "slug", "-x")), "name", "slug");
    assertProblem(s.api().patch(CURRENT, "{\"name\": \"x\""), 400, "malformed_json");

    Session other = Accounts.newUser("patch-bad-other");
    String otherSlug = other.api().get(CURRENT).json().path("slug").asText();
    assertProblem(s.api().patch(CURRENT, Map.of("slug", otherSlug)), 409, "slug_taken");
    // a conflict changes nothing, not even the name sent with it
    assertProblem(
        s.api().patch(CURRENT, Map.of("name", "Changed", "slug", otherSlug)), 409, "slug_taken");

    JsonNode after = s.api().get(CURRENT).json();
    assertEquals(before.path("name"), after.path("name"));
    assertEquals(before.path("slug"), after.path("slug"));
  }

  @Test
  void onlyAdminsMayChangeTheWorkspace() {
    Session admin = Accounts.newUser("p-admin");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("p-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("p-op"), "operator");
    JsonNode before = admin.api().get(CURRENT).json();

    assertProblem(viewer.api().patch(CURRENT, Map.of("name", "Viewer's")), 403, "forbidden");
    assertProblem(operator.api().patch(CURRENT, Map.of("name", "Operator's")), 403, "forbidden");
    // an admin's key with the operator role acts as an operator
    String opKey = Accounts.apiKey(admin, "operator");
    assertProblem(
        Api.anonymous().withApiKey(opKey).patch(CURRENT, Map.of("name", "Key's")),
        403,
        "forbidden");
    // an admin key works
    String adminKey = Accounts.apiKey(admin, "admin");
    Api.Res byKey = Api.anonymous().withApiKey(adminKey).patch(CURRENT, Map.of("name", "By key"));
    assertEquals(200, byKey.status(), byKey.toString());

    JsonNode after = admin.api().get(CURRENT).json();
    assertEquals("By key", after.path("name").asText());
    assertEquals(before.path("slug"), after.path("slug"));
  }

  // --- GET /tenants/current/members

  @Test
  void membersListShowsEveryoneWithTheirRoles() {
    Session admin = Accounts.newUser("m-admin");
    Session viewer = Accounts.newUser("m-viewer");
    Session operator = Accounts.newUser("m-op");
    Accounts.joinAs(admin, viewer, "viewer");
    Accounts.joinAs(admin, operator, "operator");

    Api.Res res = admin.api().get(MEMBERS);
    assertEquals(200, res.status(), res.toString());
    JsonNode page = res.json();
    assertEquals(3, page.path("total").asInt());
    assertEquals(50, page.path("limit").asInt());
    assertEquals(0, page.path("offset").asInt());
    Map<String, String> roles = new HashMap<>();
    for (JsonNode m : page.path("items")) {
      roles.put(m.path("user_id").asText(), m.path("role").asText());
      assertNotNull(m.path("joined_at").asText(null), m.toString());
      assertFalse(m.path("email").asText("").isBlank(), m.toString());
      assertFalse(m.toString().contains("password"), m.toString());
    }
    assertEquals(
        Map.of(admin.userId(), "admin", viewer.userId(), "viewer", operator.userId(), "operator"),
        roles);
    JsonNode viewerEntry = member(admin, viewer.userId());
    assertEquals(viewer.email(), viewerEntry.path("email").asText());
    assertEquals("m-viewer", viewerEntry.path("name").asText());

    JsonNode second = admin.api().get(MEMBERS + "?limit=1&offset=1").json();
    assertEquals(3, second.path("total").asInt());
    assertEquals(1, second.path("limit").asInt());
    assertEquals(1, second.path("offset").asInt());
    assertEquals(1, second.path("items").size());
    assertEquals(
        page.path("items").get(1).path("user_id"), second.path("items").get(0).path("user_id"));

    // the viewer's own personal workspace lists only the viewer
    JsonNode own = viewer.api().get(MEMBERS).json();
    assertEquals(1, own.path("total").asInt());
    assertEquals(viewer.userId(), own.path("items").get(0).path("user_id").asText());
  }

  @Test
  void membersListRejectsPagingOutOfRange() {
    Session s = Accounts.newUser("m-range");
    assertInvalid(s.api().get(MEMBERS + "?limit=0"), "limit");
    assertInvalid(s.api().get(MEMBERS + "?limit=501"), "limit");
    assertInvalid(s.api().get(MEMBERS + "?offset=-5"), "offset");
    assertInvalid(s.api().get(MEMBERS + "?limit=1.5"), "limit");
  }

  // --- invitations (POST /tenants/current/members is for superusers: InvitationsIT)

  @Test
  void aMemberJoinsByAcceptingAnInvitation() {
    Session admin = Accounts.newUser("add-admin");
    Session newcomer = Accounts.newUser("add-new");
    Api.Res res =
        admin
            .api()
            .post(
                INVITATIONS,
                Map.of("email", "  " + newcomer.email().toUpperCase() + " ", "role", "operator"));
    assertEquals(201, res.status(), res.toString());
    assertEquals(newcomer.email(), res.json().path("email").asText());
    assertEquals(1, admin.api().get(MEMBERS).json().path("total").asInt());
    Api.Res accepted = accept(newcomer, res.json().path("token").asText());
    assertEquals(200, accepted.status(), accepted.toString());

    JsonNode m = member(admin, newcomer.userId());
    assertNotNull(m);
    assertEquals(newcomer.email(), m.path("email").asText());
    assertEquals("add-new", m.path("name").asText());
    assertEquals("operator", m.path("role").asText());
    assertNotNull(m.path("joined_at").asText(null));

    assertEquals(2, admin.api().get(MEMBERS).json().path("total").asInt());
    // the newcomer now sees the workspace, and can switch to it with that role
    JsonNode theirs = newcomer.api().get(TENANTS).json();
    assertEquals(2, theirs.path("total").asInt());
    Api.Res switched =
        newcomer.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", admin.tenantId()));
    assertEquals(200, switched.status(), switched.toString());
    Session there = Accounts.session(newcomer.anonymous(), newcomer.email(), switched.json());
    assertEquals("operator", there.api().get(CURRENT).json().path("role").asText());
    assertEquals(
        admin.tenantId(), there.api().get("/api/v1/users/me").json().path("tenant_id").asText());
  }

  @Test
  void inviteRefusesBadInput() {
    Session admin = Accounts.newUser("addbad-admin");
    Session other = Accounts.newUser("addbad-other");

    assertInvalid(
        admin.api().post(INVITATIONS, Map.of("email", other.email(), "role", "owner")), "role");
    assertInvalid(
        admin.api().post(INVITATIONS, Map.of("email", other.email(), "role", "superuser")), "role");
    assertInvalid(
        admin.api().post(INVITATIONS, Map.of("email", other.email(), "role", "")), "role");
    assertInvalid(admin.api().post(INVITATIONS, Map.of("email", other.email())), "role");
    assertInvalid(
        admin.api().post(INVITATIONS, Map.of("email", "not-an-email", "role", "viewer")), "email");
    assertInvalid(admin.api().post(INVITATIONS, Map.of("role", "viewer")), "email");
    assertInvalid(admin.api().post(INVITATIONS, Map.of()), "email", "role");
    assertInvalid(
        admin.api().post(INVITATIONS, Map.of("email", "x@", "role", "boss")), "email", "role");
    assertProblem(admin.api().post(INVITATIONS, "{\"email\": \"a@b.c\", "), 400, "malformed_json");
    assertEquals(0, admin.api().get(INVITATIONS).json().path("total").asInt());

    assertEquals(200, accept(other, invite(admin, other.email(), "viewer")).status());
    Api.Res again = admin.api().post(INVITATIONS, Map.of("email", other.email(), "role", "admin"));
    assertProblem(again, 409, "already_member");
    // inviting yourself is the same conflict
    assertProblem(
        admin.api().post(INVITATIONS, Map.of("email", admin.email(), "role", "viewer")),
        409,
        "already_member");
    // the conflicting request did not change the role
    assertEquals("viewer", member(admin, other.userId()).path("role").asText());
    assertEquals(2, admin.api().get(MEMBERS).json().path("total").asInt());
  }

  // --- roles on member writes

  @Test
  void onlyAdminsManageMembers() {
    Session admin = Accounts.newUser("mw-admin");
    Session viewer = Accounts.joinAs(admin, Accounts.newUser("mw-viewer"), "viewer");
    Session operator = Accounts.joinAs(admin, Accounts.newUser("mw-op"), "operator");
    Session outsider = Accounts.newUser("mw-out");
    String opKey = Accounts.apiKey(admin, "operator");

    for (Api api : List.of(viewer.api(), operator.api(), Api.anonymous().withApiKey(opKey))) {
      assertProblem(
          api.post(INVITATIONS, Map.of("email", outsider.email(), "role", "viewer")),
          403,
          "forbidden");
      assertProblem(
          api.post(MEMBERS, Map.of("email", outsider.email(), "role", "viewer")), 403, "forbidden");
      assertProblem(
          api.patch(MEMBERS + "/" + viewer.userId(), Map.of("role", "admin")), 403, "forbidden");
      assertProblem(
          api.patch(MEMBERS + "/" + operator.userId(), Map.of("role", "admin")), 403, "forbidden");
      assertProblem(api.delete(MEMBERS + "/" + admin.userId()), 403, "forbidden");
      assertProblem(api.delete(MEMBERS + "/" + viewer.userId()), 403, "forbidden");
    }
    // nothing changed
    assertEquals(3, admin.api().get(MEMBERS).json().path("total").asInt());
    assertEquals("viewer", member(admin, viewer.userId()).path("role").asText());
    assertEquals("operator", member(admin, operator.userId()).path("role").asText());
    assertEquals("admin", member(admin, admin.userId()).path("role").asText());

    // an admin key may invite
    String adminKey = Accounts.apiKey(admin, "admin");
    Api.Res byKey =
        Api.anonymous()
            .withApiKey(adminKey)
            .post(INVITATIONS, Map.of("email", outsider.email(), "role", "viewer"));
    assertEquals(201, byKey.status(), byKey.toString());
  }

  // --- PATCH /tenants/current/members/{id}

  @Test
  void changeAMembersRole() {
    Session admin = Accounts.newUser("role-admin");
    Session member = Accounts.joinAs(admin, Accounts.newUser("role-member"), "viewer");
    assertProblem(member.api().post("/api/v1/projects", Map.of("name", "P")), 403, "forbidden");

    Api.Res promoted =
        admin.api().patch(MEMBERS + "/" + member.userId(), Map.of("role", "operator"));
    assertEquals(200, promoted.status(), promoted.toString());
    assertEquals(member.userId(), promoted.json().path("user_id").asText());
    assertEquals(member.email(), promoted.json().path("email").asText());
    assertEquals("operator", promoted.json().path("role").asText());
    assertEquals("operator", member(admin, member.userId()).path("role").asText());
    // the same token now has the new role
    assertEquals("operator", member.api().get(CURRENT).json().path("role").asText());
    assertProblem(member.api().patch(CURRENT, Map.of("name", "still not admin")), 403, "forbidden");

    Api.Res toAdmin = admin.api().patch(MEMBERS + "/" + member.userId(), Map.of("role", "admin"));
    assertEquals(200, toAdmin.status(), toAdmin.toString());
    Api.Res adminNow = member.api().patch(CURRENT, Map.of("name", "Co-admin's"));
    assertEquals(200, adminNow.status(), adminNow.toString());

    Api.Res back = admin.api().patch(MEMBERS + "/" + member.userId(), Map.of("role", "viewer"));
    assertEquals(200, back.status(), back.toString());
    assertEquals("viewer", member.api().get(CURRENT).json().path("role").asText());
    assertProblem(member.api().patch(CURRENT, Map.of("name", "no")), 403, "forbidden");
    // same role again is fine
    assertEquals(
        200, admin.api().patch(MEMBERS + "/" + member.userId(), Map.of("role", "viewer")).status());
  }

  @Test
  void changeRoleValidatesItsInput() {
    Session admin = Accounts.newUser("rb-admin");
    Session member = Accounts.joinAs(admin, Accounts.newUser("rb-member"), "viewer");
    String path = MEMBERS + "/" + member.userId();
    assertInvalid(admin.api().patch(path, Map.of("role", "owner")), "role");
    assertInvalid(admin.api().patch(path, Map.of("role", "ADMIN")), "role");
    assertInvalid(admin.api().patch(path, Map.of("role", "superuser")), "role");
    assertInvalid(admin.api().patch(path, Map.of()), "role");
    assertInvalid(admin.api().patch(path, body("role", null)), "role");
    assertProblem(admin.api().patch(path, "{role: admin}"), 400, "malformed_json");
    assertEquals("viewer", member(admin, member.userId()).path("role").asText());
  }

  // --- DELETE /tenants/current/members/{id}

  @Test
  void removedMemberLosesAccessOnTheNextRequest() {
    Session admin = Accounts.newUser("rm-admin");
    Session plain = Accounts.newUser("rm-member");
    Session member = Accounts.joinAs(admin, plain, "admin");
    String adminKey = Accounts.apiKey(admin, "admin");
    // a key of the member in the workspace (created while admin), then the member is demoted
    String theirKey = Accounts.apiKey(member, "operator");
    assertEquals(
        200,
        admin.api().patch(MEMBERS + "/" + member.userId(), Map.of("role", "operator")).status());
    assertEquals(200, member.api().get(CURRENT).status());
    assertEquals(200, Api.anonymous().withApiKey(theirKey).get(CURRENT).status());

    Api.Res removed = admin.api().delete(MEMBERS + "/" + member.userId());
    assertEquals(204, removed.status(), removed.toString());
    assertTrue(removed.text() == null || removed.text().isEmpty(), removed.toString());

    // the very next request with the member's token for that workspace is refused
    assertProblem(member.api().get(CURRENT), 401, "unauthorized");
    assertProblem(member.api().get("/api/v1/users/me"), 401, "unauthorized");
    // so is the refresh token of that session, and the member's API key there
    Api.Res refresh =
        member
            .anonymous()
            .post("/api/v1/auth/refresh", Map.of("refresh_token", member.refreshToken()));
    assertEquals(401, refresh.status(), refresh.toString());
    assertProblem(Api.anonymous().withApiKey(theirKey).get(CURRENT), 401, "unauthorized");
    // and switching back there is not possible
    assertProblem(
        plain.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", admin.tenantId())),
        404,
        "not_found");

    // their own workspace still works, and no longer lists the old one
    assertEquals(200, plain.api().get(CURRENT).status());
    JsonNode theirs = plain.api().get(TENANTS).json();
    assertEquals(1, theirs.path("total").asInt());
    assertEquals(plain.tenantId(), theirs.path("items").get(0).path("id").asText());

    // the workspace no longer lists them; the admin's own key is untouched
    assertEquals(1, admin.api().get(MEMBERS).json().path("total").asInt());
    assertNull(member(admin, member.userId()));
    assertEquals(200, Api.anonymous().withApiKey(adminKey).get(CURRENT).status());

    // removing again: there is no such member
    assertProblem(admin.api().delete(MEMBERS + "/" + member.userId()), 404, "not_found");
    assertProblem(
        admin.api().patch(MEMBERS + "/" + member.userId(), Map.of("role", "viewer")),
        404,
        "not_found");

    // they can be added again, and what they held before stays dead: the old session's token
    // and refresh token, and the old key, were ended with the membership
    assertEquals(200, accept(plain, invite(admin, plain.email(), "viewer")).status());
    assertProblem(member.api().get(CURRENT), 401, "unauthorized");
    assertEquals(
        401,
        member
            .anonymous()
            .post("/api/v1/auth/refresh", Map.of("refresh_token", member.refreshToken()))
            .status());
    assertProblem(Api.anonymous().withApiKey(theirKey).get(CURRENT), 401, "unauthorized");
    JsonNode keys = admin.api().get("/api/v1/api-keys").json().path("items");
    boolean revokedListed = false;
    for (JsonNode k : keys) {
      if (member.userId().equals(k.path("user_id").asText())) {
        revokedListed = !k.path("revoked_at").isNull();
      }
    }
    assertTrue(revokedListed, keys.toString());
  }

  @Test
  void anAdminMayLeaveWhenAnotherAdminRemains() {
    Session first = Accounts.newUser("leave-first");
    Session second = Accounts.joinAs(first, Accounts.newUser("leave-second"), "admin");
    Api.Res left = first.api().delete(MEMBERS + "/" + first.userId());
    assertEquals(204, left.status(), left.toString());
    assertProblem(first.api().get(CURRENT), 401, "unauthorized");
    JsonNode members = second.api().get(MEMBERS).json();
    assertEquals(1, members.path("total").asInt());
    assertEquals(second.userId(), members.path("items").get(0).path("user_id").asText());
    // now the second is the last admin
    assertProblem(second.api().delete(MEMBERS + "/" + second.userId()), 409, "last_admin");
  }

  @Test
  void theLastAdminCannotBeDemotedOrRemoved() {
    Session admin = Accounts.newUser("last");
    Session viewerAtHome = Accounts.newUser("last-viewer");
    Session viewer = Accounts.joinAs(admin, viewerAtHome, "viewer");
    String self = MEMBERS + "/" + admin.userId();

    for (String role : List.of("operator", "viewer")) {
      assertProblem(admin.api().patch(self, Map.of("role", role)), 409, "last_admin");
    }
    assertProblem(admin.api().delete(self), 409, "last_admin");
    // staying admin is allowed
    assertEquals(200, admin.api().patch(self, Map.of("role", "admin")).status());
    assertEquals("admin", member(admin, admin.userId()).path("role").asText());
    assertEquals(2, admin.api().get(MEMBERS).json().path("total").asInt());

    // with a second admin, the first may step down; then the second is the last one
    assertEquals(
        200, admin.api().patch(MEMBERS + "/" + viewer.userId(), Map.of("role", "admin")).status());
    Api.Res down = admin.api().patch(self, Map.of("role", "operator"));
    assertEquals(200, down.status(), down.toString());
    assertEquals("operator", down.json().path("role").asText());
    assertProblem(admin.api().patch(self, Map.of("role", "admin")), 403, "forbidden");
    String last = MEMBERS + "/" + viewer.userId();
    assertProblem(viewer.api().patch(last, Map.of("role", "viewer")), 409, "last_admin");
    assertProblem(viewer.api().delete(last), 409, "last_admin");

    // the personal workspace's sole admin is protected too
    assertProblem(
        viewerAtHome.api().delete(MEMBERS + "/" + viewerAtHome.userId()), 409, "last_admin");
    assertProblem(
        viewerAtHome.api().patch(MEMBERS + "/" + viewerAtHome.userId(), Map.of("role", "viewer")),
        409,
        "last_admin");
  }

  // --- races between requests

  @Test
  void concurrentDemotionsLeaveOneAdmin() throws Exception {
    for (int round = 0; round < 3; round++) {
      Session a = Accounts.newUser("race-a");
      Session b = Accounts.joinAs(a, Accounts.newUser("race-b"), "admin");
      List<Api.Res> res =
          Concurrently.run(
              List.of(
                  () -> a.api().patch(MEMBERS + "/" + b.userId(), Map.of("role", "viewer")),
                  () -> b.api().delete(MEMBERS + "/" + a.userId())));
      Api.Res r1 = res.get(0);
      Api.Res r2 = res.get(1);
      // exactly one wins; the other is refused: 409 last_admin, or, when the winner's change
      // reached the loser's credential first, 403 (b demoted) or 401 (a removed)
      assertTrue((r1.status() == 200) != (r2.status() == 204), "round " + round + ": " + res);
      if (r1.status() == 200) {
        assertTrue(List.of(403, 409).contains(r2.status()), "round " + round + ": " + res);
      } else {
        assertTrue(List.of(401, 409).contains(r1.status()), "round " + round + ": " + res);
      }
      for (Api.Res r : res) {
        if (r.status() == 409) {
          assertProblem(r, 409, "last_admin");
        }
      }
      // the workspace still has exactly one admin
      Session survivor = r1.status() == 200 ? a : b;
      long admins = 0;
      for (JsonNode m : survivor.api().get(MEMBERS).json().path("items")) {
        admins += "admin".equals(m.path("role").asText()) ? 1 : 0;
      }
      assertEquals(1, admins, "round " + round);
    }
  }

  @Test
  void concurrentCreatesWithOneSlugMakeOneWorkspace() throws Exception {
    Session s = Accounts.newUser("race-slug");
    Session other = Accounts.newUser("race-slug-other");
    for (int round = 0; round < 3; round++) {
      String slug = uniqueSlug("race");
      List<Callable<Api.Res>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Session who = i % 2 == 0 ? s : other;
        calls.add(() -> createTenant(who, Map.of("name", "Race", "slug", slug)));
      }
      List<Api.Res> res = Concurrently.run(calls);
      assertEquals(1, res.stream().filter(r -> r.status() == 201).count(), res.toString());
      for (Api.Res r : res) {
        if (r.status() != 201) {
          assertProblem(r, 409, "slug_taken");
        }
      }
    }
    // one workspace per round, besides the two personal ones
    assertEquals(
        5,
        s.api().get(TENANTS).json().path("total").asInt()
            + other.api().get(TENANTS).json().path("total").asInt());
  }

  @Test
  void concurrentSlugChangesKeepSlugsUnique() throws Exception {
    Session a = Accounts.newUser("race-rename-a");
    Session b = Accounts.newUser("race-rename-b");
    for (int round = 0; round < 3; round++) {
      String slug = uniqueSlug("wanted");
      List<Api.Res> res =
          Concurrently.run(
              List.of(
                  () -> a.api().patch(CURRENT, Map.of("slug", slug)),
                  () -> b.api().patch(CURRENT, Map.of("slug", slug))));
      assertEquals(1, res.stream().filter(r -> r.status() == 200).count(), res.toString());
      for (Api.Res r : res) {
        if (r.status() != 200) {
          assertProblem(r, 409, "slug_taken");
        }
      }
    }
  }

  @Test
  void concurrentAcceptsOfOneInvitationMakeOneMembership() throws Exception {
    Session admin = Accounts.newUser("race-add");
    for (int round = 0; round < 3; round++) {
      Session newcomer = Accounts.newUser("race-add-new");
      String token = invite(admin, newcomer.email(), "viewer");
      List<Api.Res> res = Concurrently.times(6, () -> accept(newcomer, token));
      assertEquals(1, res.stream().filter(r -> r.status() == 200).count(), res.toString());
      for (Api.Res r : res) {
        if (r.status() != 200) {
          assertTrue(r.status() == 404 || r.status() == 409, r.toString());
        }
      }
    }
    assertEquals(4, admin.api().get(MEMBERS).json().path("total").asInt());
  }

  @Test
  void anotherWorkspacesMembersAnswer404() {
    Session alice = Accounts.newUser("iso-alice");
    Session bob = Accounts.newUser("iso-bob");
    Session bobsViewer = Accounts.joinAs(bob, Accounts.newUser("iso-bv"), "viewer");

    for (String userId : List.of(bob.userId(), bobsViewer.userId())) {
      assertProblem(
          alice.api().patch(MEMBERS + "/" + userId, Map.of("role", "viewer")), 404, "not_found");
      assertProblem(alice.api().delete(MEMBERS + "/" + userId), 404, "not_found");
    }
    for (String bogus : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
      assertProblem(
          alice.api().patch(MEMBERS + "/" + bogus, Map.of("role", "viewer")), 404, "not_found");
      assertProblem(alice.api().delete(MEMBERS + "/" + bogus), 404, "not_found");
    }
    // bob's workspace is untouched
    assertEquals("admin", member(bob, bob.userId()).path("role").asText());
    assertEquals("viewer", member(bob, bobsViewer.userId()).path("role").asText());
    assertEquals(200, bobsViewer.api().get(CURRENT).status());
    // and alice's list shows only alice
    JsonNode mine = alice.api().get(MEMBERS).json();
    assertEquals(1, mine.path("total").asInt());
    assertEquals(alice.userId(), mine.path("items").get(0).path("user_id").asText());
  }

  @Test
  void membershipBelongsToOneWorkspace() {
    // a user who is admin in one workspace and viewer in another has exactly those roles
    Session alice = Accounts.newUser("two-alice");
    Session bob = Accounts.newUser("two-bob");
    Session bobInAlice = Accounts.joinAs(alice, bob, "viewer");
    assertProblem(
        bobInAlice.api().post(INVITATIONS, Map.of("email", alice.email(), "role", "viewer")),
        403,
        "forbidden");
    // in his own workspace, with his original token, bob is admin and may invite alice
    Api.Res added = accept(alice, invite(bob, alice.email(), "viewer"));
    assertEquals(200, added.status(), added.toString());
    assertEquals(2, bob.api().get(MEMBERS).json().path("total").asInt());
    assertEquals(2, alice.api().get(MEMBERS).json().path("total").asInt());
    // removing bob from alice's workspace leaves his own untouched
    assertEquals(204, alice.api().delete(MEMBERS + "/" + bob.userId()).status());
    assertEquals(401, bobInAlice.api().get(CURRENT).status());
    assertEquals(200, bob.api().get(CURRENT).status());
    assertEquals("admin", bob.api().get(CURRENT).json().path("role").asText());
  }
}
