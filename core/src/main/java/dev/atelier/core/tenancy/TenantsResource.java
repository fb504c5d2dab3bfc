package dev.atelier.core.tenancy;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Workspaces: mine, a new one, the current one, and its members. */
@Path("api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Tenants",
    description = "Workspaces (tenants): the caller's, the current one and its members")
public class TenantsResource {

  @Inject Caller caller;
  @Inject Tenants tenants;
  @Inject Invitations invitations;

  @GET
  @Operation(
      operationId = "listTenants",
      summary = "The workspaces you belong to, with your role in each")
  public Page<TenantView> mine(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return tenants.of(caller.userId(), PageRequest.of(limit, offset));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a workspace; you become its admin")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = TenantView.class)))
  @APIResponse(responseCode = "409", description = "slug_taken: another workspace has this slug")
  public Response create(CreateTenant body) {
    Check.body(body).text("name", body.name(), 200).slug("slug", body.slug()).done();
    if (caller.principal().viaApiKey()) {
      throw ApiException.forbidden("Workspaces are created by signed-in users, not API keys.");
    }
    TenantView created =
        tenants.create(
            caller.userId(), caller.principal().email(), body.name().trim(), body.slug());
    return Response.status(201).entity(created).build();
  }

  @GET
  @Path("current")
  @Operation(operationId = "getCurrentTenant", summary = "The current workspace")
  public TenantView current() {
    return tenants.get(caller.tenantId(), caller.principal().role().wire());
  }

  @PATCH
  @Path("current")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "updateCurrentTenant",
      summary =
          "Rename the current workspace, change its slug or require a second factor of its"
              + " members")
  @APIResponse(responseCode = "409", description = "slug_taken: another workspace has this slug")
  public TenantView update(UpdateTenant body) {
    Check check = Check.body(body).slug("slug", body.slug());
    if (body.name() != null) {
      check.text("name", body.name(), 200);
    }
    check.done();
    return tenants.update(
        caller.tenantId(),
        caller.principal().role().wire(),
        body.name() == null ? null : body.name().trim(),
        body.slug(),
        body.require_2fa());
  }

  @GET
  @Path("current/members")
  @Operation(operationId = "listMembers", summary = "The members of the current workspace")
  public Page<MemberView> members(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return tenants.members(caller.tenantId(), PageRequest.of(limit, offset));
  }

  private static Role role(Check check, String value) {
    check.required("role", value);
    if (value != null && !value.isBlank() && Role.parse(value).isEmpty()) {
      check.fail("role", "must be one of viewer, operator, admin");
    }
    check.done();
    return Role.parse(value).orElseThrow();
  }

  @POST
  @Path("current/invitations")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "createInvitation",
      summary =
          "Invite an e-mail address to the workspace with a role (a mail goes out; the same"
              + " answer whether or not the address has an account)")
  @APIResponse(
      responseCode = "201",
      description = "Invited; a pending invitation of the same address is replaced",
      headers = @Header(name = "Location", description = "The invitation's URL"),
      content = @Content(schema = @Schema(implementation = InvitationView.class)))
  @APIResponse(
      responseCode = "409",
      description = "already_member: the address's account is a member already")
  public Response invite(CreateInvitation body) {
    Check check = Check.body(body).email("email", body.email());
    Role role = role(check, body.role());
    InvitationView created =
        invitations.invite(caller.tenantId(), caller.userId(), body.email(), role);
    return Response.created(URI.create("/api/v1/tenants/current/invitations/" + created.id()))
        .entity(created)
        .build();
  }

  @GET
  @Path("current/invitations")
  @RequiresRole(Role.ADMIN)
  @Operation(
      operationId = "listInvitations",
      summary = "The workspace's pending invitations, newest first")
  public Page<InvitationView> invitations(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return invitations.list(caller.tenantId(), PageRequest.of(limit, offset));
  }

  @DELETE
  @Path("current/invitations/{id}")
  @RequiresRole(Role.ADMIN)
  @Operation(operationId = "revokeInvitation", summary = "Withdraw a pending invitation")
  @APIResponse(responseCode = "204", description = "Withdrawn; its link no longer works")
  @APIResponse(responseCode = "404", description = "No such pending invitation in this workspace")
  public Response revokeInvitation(@PathParam("id") String id) {
    invitations.revoke(caller.tenantId(), id);
    return Response.noContent().build();
  }

  @POST
  @Path("current/members")
  @Consumes(MediaType.APPLICATION_JSON)
  @SuperuserOnly
  @Operation(
      summary =
          "Add a registered user to the workspace by e-mail, without an invitation (platform"
              + " superusers only; others invite)")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = MemberView.class)))
  @APIResponse(responseCode = "409", description = "already_member: the user is already a member")
  @APIResponse(responseCode = "404", description = "No registered user has this e-mail address")
  @APIResponse(
      responseCode = "402",
      description = "plan_limit_reached: the workspace's plan allows no more members")
  public Response addMember(AddMember body) {
    Check check = Check.body(body).email("email", body.email());
    Role role = role(check, body.role());
    MemberView added = tenants.addMember(caller.tenantId(), body.email(), role);
    return Response.status(201).entity(added).build();
  }

  @PATCH
  @Path("current/members/{user_id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(operationId = "changeMemberRole", summary = "Change a member's role")
  @APIResponse(
      responseCode = "409",
      description = "last_admin: the workspace must keep at least one admin")
  public MemberView changeRole(@PathParam("user_id") String userId, ChangeRole body) {
    Role role = role(Check.body(body), body.role());
    return tenants.changeRole(caller.tenantId(), userId, role);
  }

  @DELETE
  @Path("current/members/{user_id}")
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Remove a member from the workspace")
  @APIResponse(responseCode = "204", description = "Removed")
  @APIResponse(
      responseCode = "409",
      description = "last_admin: the last admin of a workspace cannot be removed")
  public Response removeMember(@PathParam("user_id") String userId) {
    tenants.removeMember(caller.tenantId(), userId);
    return Response.noContent().build();
  }
}
