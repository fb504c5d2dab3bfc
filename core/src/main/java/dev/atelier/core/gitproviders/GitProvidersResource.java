package dev.atelier.core.gitproviders;

import dev.atelier.core.security.Caller;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's connections to git hosts in the current workspace. */
@Path("api/v1/git-providers")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Git providers",
    description =
        "Connections to git hosts (GitHub, GitLab, Bitbucket) per user and workspace: OAuth or a"
            + " token, and the repositories the connection sees")
public class GitProvidersResource {

  private static final int MAX_REPOS = 100;

  @Inject Caller caller;
  @Inject GitProviders providers;
  @Context UriInfo uri;

  private String redirectUri(String provider) {
    return uri.getBaseUriBuilder()
        .path("api/v1/git-providers")
        .path(provider)
        .path("callback")
        .build()
        .toString();
  }

  @GET
  @Path("providers")
  @Operation(
      operationId = "listGitProviders",
      summary = "The git hosts the plugins offer and the caller's connection to each")
  public ProviderList list() {
    return providers.list(caller.tenantId(), caller.userId());
  }

  @POST
  @Path("{provider}/connect")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "connectGitProvider",
      summary = "Connect the caller to a git host: with a token (204), or start OAuth (200)",
      description =
          "With a token, the host is asked for the account first; without one, the answer is the"
              + " URL to send the browser to (OAuth with state and PKCE).")
  @APIResponse(
      responseCode = "200",
      description = "OAuth started",
      content = @Content(schema = @Schema(implementation = AuthorizeView.class)))
  @APIResponse(responseCode = "204", description = "Connected with the token")
  @APIResponse(responseCode = "404", description = "not_found: no such provider")
  @APIResponse(
      responseCode = "409",
      description = "git_oauth_not_configured: the server has no OAuth client for the host")
  @APIResponse(responseCode = "422", description = "git_auth_failed: the host refused the token")
  @APIResponse(
      responseCode = "502",
      description = "git_provider_unavailable: the host did not answer")
  public Response connect(@PathParam("provider") String provider, ConnectProvider body) {
    if (body != null && body.token() != null) {
      Check.body(body).text("token", body.token(), 2000).done();
      providers.connectToken(caller.tenantId(), caller.userId(), provider, body.token().strip());
      return Response.noContent().build();
    }
    return Response.ok(
            new AuthorizeView(
                providers.authorize(
                    caller.tenantId(), caller.userId(), provider, redirectUri(provider))))
        .build();
  }

  @GET
  @Path("{provider}/callback")
  @PublicEndpoint
  @Operation(
      operationId = "gitProviderCallback",
      summary = "Where the git host sends the browser back with the code and state")
  @APIResponse(
      responseCode = "200",
      description = "Connected",
      content = @Content(schema = @Schema(implementation = ConnectionView.class)))
  @APIResponse(
      responseCode = "400",
      description = "invalid_state: the authorization is unknown or was used already")
  @APIResponse(responseCode = "404", description = "not_found: no such provider")
  @APIResponse(
      responseCode = "422",
      description =
          "validation_error (no code or state), or git_auth_failed: the host refused the code")
  @APIResponse(
      responseCode = "502",
      description = "git_provider_unavailable: the host did not answer")
  public ConnectionView callback(
      @PathParam("provider") String provider,
      @Parameter(description = "The code the host issued") @QueryParam("code") String code,
      @Parameter(description = "The state the connect request made") @QueryParam("state")
          String state) {
    Check.start().text("code", code, 2000).text("state", state, 300).done();
    return providers.callback(provider, state, code, redirectUri(provider));
  }

  @GET
  @Path("{provider}/repos")
  @Operation(
      operationId = "listGitProviderRepos",
      summary = "The repositories the caller's connection sees, whose name contains q")
  @APIResponse(responseCode = "404", description = "not_found: no such provider")
  @APIResponse(
      responseCode = "409",
      description = "git_not_connected or git_connection_expired: connect to the host first")
  @APIResponse(
      responseCode = "422",
      description = "validation_error: q, limit (1-100) or offset is not valid")
  @APIResponse(
      responseCode = "502",
      description = "git_provider_unavailable: the host did not answer")
  public RepoPage repos(
      @PathParam("provider") String provider,
      @QueryParam("q") String q,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit == null ? "30" : limit, offset);
    Check.start()
        .optionalText("q", q, 200)
        .that(page.limit() <= MAX_REPOS, "limit", "is at most " + MAX_REPOS)
        .done();
    return providers.repos(
        caller.tenantId(),
        caller.userId(),
        provider,
        q == null || q.isBlank() ? null : q.strip(),
        page.limit(),
        page.offset());
  }

  @DELETE
  @Path("{provider}/disconnect")
  @Operation(
      operationId = "disconnectGitProvider",
      summary = "Forget the caller's connection to a git host")
  @APIResponse(responseCode = "204", description = "Disconnected")
  @APIResponse(responseCode = "404", description = "not_found: no such provider or connection")
  public Response disconnect(@PathParam("provider") String provider) {
    providers.disconnect(caller.tenantId(), caller.userId(), provider);
    return Response.noContent().build();
  }
}
