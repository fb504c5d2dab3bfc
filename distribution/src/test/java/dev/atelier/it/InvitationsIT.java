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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Invitations instead of silent membership: any address can be invited with the same answer, the
 * invited account joins only by accepting (signed in as that address, or registering it), and
 * adding a member directly is left to superusers.
 */
@ExtendWith(AtelierServer.class)
class InvitationsIT {

  private static final String INVITATIONS = "/api/v1/tenants/current/invitations";
  private static final String MEMBERS = "/api/v1/tenants/current/members";

  private static Api.Res invite(Session admin, String email, String role) {
    return admin.api().post(INVITATIONS, Map.of("email", email, "role", role));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void anyAddressIsInvitedWithTheSameAnswerAndNobodyJoinsWithoutAccepting() {
    Session ada = Accounts.newUser("ada");
    Session bob = Accounts.newUser("bob");
    Api.Res registered = invite(ada, bob.email(), "operator");
    Api.Res unknown = invite(ada, Accounts.uniqueEmail("nobody"), "operator");
    assertEquals(201, registered.status(), registered.toString());
    assertEquals(201, unknown.status(), unknown.toString());
    assertEquals(fieldNames(registered.json()), fieldNames(unknown.json()));
    assertEquals(
        "/api/v1/tenants/current/invitations/" + registered.json().path("id").asText(),
        java.net.URI.create(registered.header("Location")).getPath());
    assertEquals("operator", registered.json().path("role").asText());
    assertEquals(ada.email(), registered.json().path("invited_by").asText());
    assertTrue(registered.json().path("token").asText().startsWith("ati_"));

    // listed without their tokens; bob is not a member
    JsonNode list = ada.api().get(INVITATIONS).json();
    assertEquals(2, list.path("total").asInt(), list.toString());
    for (JsonNode i : list.path("items")) {
      assertTrue(i.path("token").isNull(), i.toString());
    }
    assertEquals(1, ada.api().get(MEMBERS).json().path("total").asInt());
    assertEquals(
        404,
        bob.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", ada.tenantId())).status());

    // another workspace sees none of it and cannot withdraw it
    Session eve = Accounts.newUser("eve");
    assertEquals(0, eve.api().get(INVITATIONS).json().path("total").asInt());
    assertProblem(
        eve.api().delete(INVITATIONS + "/" + registered.json().path("id").asText()),
        404,
        "not_found");
  }

  @Test
  void theInvitedAddressSeesAndAcceptsItOnce() {
    Session ada = Accounts.newUser("ada");
    Session bob = Accounts.newUser("bob");
    Session eve = Accounts.newUser("eve");
    String token = invite(ada, bob.email(), "viewer").json().path("token").asText();

    Api.Res preview = Api.anonymous().get("/api/v1/invitations/" + token);
    assertEquals(200, preview.status(), preview.toString());
    assertEquals("ada", preview.json().path("workspace_name").asText());
    assertEquals("ada", preview.json().path("inviter_name").asText());
    assertEquals("viewer", preview.json().path("role").asText());
    assertEquals(bob.email(), preview.json().path("email").asText());

    assertProblem(
        eve.api().post("/api/v1/invitations/" + token + "/accept", Map.of()),
        403,
        "invitation_for_another_address");
    assertProblem(
        Api.anonymous().post("/api/v1/invitations/" + token + "/accept", Map.of()),
        401,
        "unauthorized");

    Api.Res accepted = bob.api().post("/api/v1/invitations/" + token + "/accept", Map.of());
    assertEquals(200, accepted.status(), accepted.toString());
    assertEquals(ada.tenantId(), accepted.json().path("id").asText());
    assertEquals("viewer", accepted.json().path("role").asText());
    Api.Res switched =
        bob.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", ada.tenantId()));
    assertEquals(200, switched.status(), switched.toString());

    // once
    assertProblem(
        bob.api().post("/api/v1/invitations/" + token + "/accept", Map.of()), 404, "not_found");
    assertProblem(Api.anonymous().get("/api/v1/invitations/" + token), 404, "not_found");
    assertProblem(
        Api.anonymous().get("/api/v1/invitations/ati_" + "x".repeat(43)), 404, "not_found");
    assertProblem(Api.anonymous().get("/api/v1/invitations/" + "y".repeat(300)), 404, "not_found");
    assertEquals(0, ada.api().get(INVITATIONS).json().path("total").asInt());
    JsonNode audit = ada.api().get("/api/v1/audit-events?action=invitation.accepted").json();
    assertEquals(1, audit.path("items").size(), audit.toString());

    // a member is not invited again
    assertProblem(invite(ada, bob.email(), "admin"), 409, "already_member");
  }

  @Test
  void aNewInvitationReplacesTheLastAndAWithdrawnOneEnds() {
    Session ada = Accounts.newUser("ada");
    String address = Accounts.uniqueEmail("cy");
    String first = invite(ada, address, "viewer").json().path("token").asText();
    Api.Res second = invite(ada, address, "admin");
    assertProblem(Api.anonymous().get("/api/v1/invitations/" + first), 404, "not_found");
    assertEquals(1, ada.api().get(INVITATIONS).json().path("total").asInt());
    String id = second.json().path("id").asText();
    assertEquals(204, ada.api().delete(INVITATIONS + "/" + id).status());
    assertProblem(ada.api().delete(INVITATIONS + "/" + id), 404, "not_found");
    assertProblem(
        Api.anonymous().get("/api/v1/invitations/" + second.json().path("token").asText()),
        404,
        "not_found");
  }

  @Test
  void registeringTheInvitedAddressJoinsTheWorkspace() {
    Session ada = Accounts.newUser("ada");
    String address = Accounts.uniqueEmail("dee");
    String token = invite(ada, address, "operator").json().path("token").asText();

    // another address cannot register with it, and no account is made
    String other = Accounts.uniqueEmail("mallory");
    Api anon = Api.anonymous();
    assertProblem(
        anon.post(
            "/api/v1/auth/register",
            Map.of(
                "email",
                other,
                "password",
                Accounts.PASSWORD,
                "name",
                "M",
                "invitation_token",
                token)),
        403,
        "invitation_for_another_address");
    assertEquals(
        401,
        anon.post("/api/v1/auth/login", Map.of("email", other, "password", Accounts.PASSWORD))
            .status());
    assertProblem(
        anon.post(
            "/api/v1/auth/register",
            Map.of(
                "email",
                address,
                "password",
                Accounts.PASSWORD,
                "name",
                "Dee",
                "invitation_token",
                "ati_" + "z".repeat(43))),
        404,
        "not_found");

    Api.Res reg =
        anon.post(
            "/api/v1/auth/register",
            Map.of(
                "email",
                address,
                "password",
                Accounts.PASSWORD,
                "name",
                "Dee",
                "invitation_token",
                token));
    assertEquals(201, reg.status(), reg.toString());
    Session dee = Accounts.login(anon, address, Accounts.PASSWORD);
    Api.Res switched =
        dee.api().post("/api/v1/auth/switch-tenant", Map.of("tenant_id", ada.tenantId()));
    assertEquals(200, switched.status(), switched.toString());
    Session inAda = Accounts.session(anon, address, switched.json());
    assertEquals("operator", inAda.api().get("/api/v1/users/me").json().path("role").asText());
  }

  @Test
  void onlyAdminsInviteAndOnlySuperusersAddMembersDirectly() {
    Session ada = Accounts.newUser("ada");
    Session viewer = Accounts.joinAs(ada, Accounts.newUser("vic"), "viewer");
    Session outsider = Accounts.newUser("out");
    assertProblem(invite(viewer, outsider.email(), "viewer"), 403, "forbidden");
    assertInvalid(ada.api().post(INVITATIONS, Map.of()), "email", "role");
    assertInvalid(invite(ada, "not-an-email", "viewer"), "email");
    assertInvalid(invite(ada, outsider.email(), "owner"), "role");

    // the direct way: refused to a workspace admin, kept for superusers
    assertProblem(
        ada.api().post(MEMBERS, Map.of("email", outsider.email(), "role", "viewer")),
        403,
        "forbidden");
    Session root = Accounts.superuser();
    Api.Res added = root.api().post(MEMBERS, Map.of("email", outsider.email(), "role", "viewer"));
    assertEquals(201, added.status(), added.toString());
    assertFalse(added.json().path("user_id").asText().isEmpty());
  }
}
