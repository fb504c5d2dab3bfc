package dev.atelier.core.tenancy;

import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.AccountSetup;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An invitation's link: what it offers, and accepting it. */
@Path("api/v1/invitations/{token}")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Invitations",
    description = "Invitations to a workspace, seen and accepted by the invited address")
public class InvitationsResource {

  @Inject Invitations invitations;
  @Inject Caller caller;

  @GET
  @PublicEndpoint
  @Operation(
      operationId = "getInvitation",
      summary = "What an invitation offers: the workspace, who invites, the role")
  @APIResponse(responseCode = "404", description = "The invitation is unknown, accepted or expired")
  public InvitationPreview preview(
      @Parameter(description = "The invitation's token, from its mail") @PathParam("token")
          String token) {
    return invitations.preview(token);
  }

  @POST
  @Path("accept")
  @NotIdempotent
  @AccountSetup
  @Operation(
      operationId = "acceptInvitation",
      summary = "Join the workspace of an invitation to your address, with its role")
  @APIResponse(
      responseCode = "403",
      description = "invitation_for_another_address: you are signed in with another address")
  @APIResponse(responseCode = "404", description = "The invitation is unknown, accepted or expired")
  @APIResponse(responseCode = "409", description = "already_member: you are a member already")
  @APIResponse(
      responseCode = "402",
      description = "plan_limit_reached: the workspace's plan allows no more members")
  public TenantView accept(
      @Parameter(description = "The invitation's token, from its mail") @PathParam("token")
          String token) {
    var p = caller.principal();
    return invitations.accept(token, p.userId(), p.email());
  }
}
