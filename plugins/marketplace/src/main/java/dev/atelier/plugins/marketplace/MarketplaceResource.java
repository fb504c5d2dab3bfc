package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.PublicRoute;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The marketplace: agents and bases (project templates) that workspaces publish, and that others
 * browse, review, buy with credits and fork. Reads are public where the server allows anonymous
 * browsing ({@code ATELIER_PLUGIN_MARKETPLACE_ANONYMOUS_BROWSE}).
 */
@Path("api/v1/marketplace")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Marketplace",
    description =
        "Agents and project bases published by workspaces: browse, review, buy with credits, fork"
            + " (plugin marketplace)")
public class MarketplaceResource {

  private final PluginContext context;
  private final Catalogue catalogue;

  MarketplaceResource(PluginContext context, Catalogue catalogue) {
    this.context = context;
    this.catalogue = catalogue;
  }

  // ---- agents

  @GET
  @Path("agents")
  @PublicRoute
  @Operation(
      operationId = "listMarketplaceAgents",
      summary = "Public, approved agents: search, filter by category or tag, sort, page")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public Page<ItemView> agents(
      @QueryParam("q") String q,
      @Parameter(description = "A category") @QueryParam("category") String category,
      @Parameter(description = "A tag") @QueryParam("tag") String tag,
      @Parameter(
              description = SORT,
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"popular", "new", "rating"}))
          @QueryParam("sort")
          String sort,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.browse(Catalogue.AGENT, q, category, tag, sort, PageRequest.of(limit, offset));
  }

  @POST
  @Path("agents")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "publishMarketplaceAgent",
      summary = "Publishes an agent spec with the workspace as its creator")
  @APIResponse(responseCode = "409", description = "slug_taken: an agent has this slug")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = ItemView.class)))
  public Response publishAgent(ItemRequest body) {
    ItemView v = catalogue.publish(context.session(), Catalogue.AGENT, body);
    return Response.created(URI.create("/api/v1/marketplace/agents/" + v.id())).entity(v).build();
  }

  @GET
  @Path("agents/{id}")
  @PublicRoute
  @Operation(
      operationId = "getMarketplaceAgent",
      summary = "An agent with its spec, by id or slug (unlisted ones too)")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public ItemView agent(@PathParam("id") String id) {
    return catalogue.details(Catalogue.AGENT, id);
  }

  @PATCH
  @Path("agents/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "updateMarketplaceAgent",
      summary = "Changes the workspace's own agent; a new spec is a new version")
  @APIResponse(responseCode = "409", description = "version_exists: the version is not newer")
  public ItemView updateAgent(@PathParam("id") String id, ItemRequest body) {
    return catalogue.update(context.session(), Catalogue.AGENT, id, body);
  }

  @DELETE
  @Path("agents/{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "deleteMarketplaceAgent",
      summary = "Withdraws the workspace's own agent (libraries keep it)")
  @APIResponse(responseCode = "204", description = "Withdrawn")
  public Response deleteAgent(@PathParam("id") String id) {
    catalogue.delete(context.session(), Catalogue.AGENT, id);
    return Response.noContent().build();
  }

  @POST
  @Path("agents/{id}/purchase")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "purchaseMarketplaceAgent",
      summary =
          "Adds the agent to the workspace's library: free, or its price in credits, charged once")
  @APIResponse(
      responseCode = "200",
      description = "Already in the library; nothing charged",
      content = @Content(schema = @Schema(implementation = LibraryView.class)))
  @APIResponse(
      responseCode = "402",
      description = "insufficient_credits: the workspace's balance does not cover the price")
  @APIResponse(responseCode = "409", description = "own_item: the workspace published it")
  @APIResponse(
      responseCode = "201",
      description = "Added to the library",
      content = @Content(schema = @Schema(implementation = LibraryView.class)))
  public Response purchaseAgent(@PathParam("id") String id) {
    return purchased(catalogue.purchase(context.session(), Catalogue.AGENT, id));
  }

  @POST
  @Path("agents/{id}/fork")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "forkMarketplaceAgent",
      summary = "Copies the agent's spec into an agent of the workspace (free or bought first)")
  @APIResponse(
      responseCode = "402",
      description = "purchase_required: a priced agent must be bought first")
  @APIResponse(responseCode = "409", description = "agent_exists: the workspace has that name")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = ForkView.class)))
  public Response fork(@PathParam("id") String id, ForkRequest body) {
    ForkView v = catalogue.fork(context.session(), id, body);
    return Response.created(URI.create("/api/v1/agents/" + v.agent())).entity(v).build();
  }

  @GET
  @Path("agents/{id}/reviews")
  @PublicRoute
  @Operation(operationId = "listMarketplaceAgentReviews", summary = "The agent's reviews")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public Page<ReviewView> agentReviews(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.reviews(Catalogue.AGENT, id, PageRequest.of(limit, offset));
  }

  @POST
  @Path("agents/{id}/reviews")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "reviewMarketplaceAgent",
      summary = "Reviews an agent in the workspace's library: 1-5 stars, once per user")
  @APIResponse(
      responseCode = "403",
      description = "own_item or not_acquired: the workspace made it or has not acquired it")
  @APIResponse(responseCode = "409", description = "review_exists: you reviewed it already")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ReviewView.class)))
  public Response reviewAgent(@PathParam("id") String id, ReviewRequest body) {
    return Response.status(201)
        .entity(catalogue.review(context.session(), Catalogue.AGENT, id, body))
        .build();
  }

  // ---- bases

  @GET
  @Path("bases")
  @PublicRoute
  @Operation(
      operationId = "listMarketplaceBases",
      summary = "Public, approved bases: search, filter by category or tag, sort, page")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public Page<ItemView> bases(
      @QueryParam("q") String q,
      @Parameter(description = "A category") @QueryParam("category") String category,
      @Parameter(description = "A tag") @QueryParam("tag") String tag,
      @Parameter(
              description = SORT,
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"popular", "new", "rating"}))
          @QueryParam("sort")
          String sort,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.browse(Catalogue.BASE, q, category, tag, sort, PageRequest.of(limit, offset));
  }

  @GET
  @Path("bases/browse")
  @PublicRoute
  @Operation(
      operationId = "browseMarketplaceBases",
      summary = "Bases with search, filters, sorting and paging (as GET /marketplace/bases)")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public Page<ItemView> browseBases(
      @QueryParam("q") String q,
      @Parameter(description = "A category") @QueryParam("category") String category,
      @Parameter(description = "A tag") @QueryParam("tag") String tag,
      @Parameter(
              description = SORT,
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"popular", "new", "rating"}))
          @QueryParam("sort")
          String sort,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return bases(q, category, tag, sort, limit, offset);
  }

  @POST
  @Path("bases")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "publishMarketplaceBase",
      summary = "Publishes a project base (files and agents) with the workspace as its creator")
  @APIResponse(responseCode = "409", description = "slug_taken: a base has this slug")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = ItemView.class)))
  public Response publishBase(ItemRequest body) {
    ItemView v = catalogue.publish(context.session(), Catalogue.BASE, body);
    return Response.created(URI.create("/api/v1/marketplace/bases/" + v.id())).entity(v).build();
  }

  @GET
  @Path("bases/{id}")
  @PublicRoute
  @Operation(
      operationId = "getMarketplaceBase",
      summary = "A base with its files and agents, by id or slug (unlisted ones too)")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public ItemView base(@PathParam("id") String id) {
    return catalogue.details(Catalogue.BASE, id);
  }

  @PATCH
  @Path("bases/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "updateMarketplaceBase",
      summary = "Changes the workspace's own base; new files or agents are a new version")
  @APIResponse(responseCode = "409", description = "version_exists: the version is not newer")
  public ItemView updateBase(@PathParam("id") String id, ItemRequest body) {
    return catalogue.update(context.session(), Catalogue.BASE, id, body);
  }

  @DELETE
  @Path("bases/{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "deleteMarketplaceBase",
      summary = "Withdraws the workspace's own base (libraries keep it)")
  @APIResponse(responseCode = "204", description = "Withdrawn")
  public Response deleteBase(@PathParam("id") String id) {
    catalogue.delete(context.session(), Catalogue.BASE, id);
    return Response.noContent().build();
  }

  @GET
  @Path("bases/{id}/versions")
  @PublicRoute
  @Operation(
      operationId = "listMarketplaceBaseVersions",
      summary = "The base's published versions, newest first, by id or slug")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public List<VersionView> versions(@PathParam("id") String id) {
    return catalogue.versions(Catalogue.BASE, id);
  }

  @POST
  @Path("bases/{id}/versions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "publishMarketplaceBaseVersion",
      summary = "Publishes a new version of the workspace's own base: files, agents, version")
  @APIResponse(responseCode = "409", description = "version_exists: the version is not newer")
  @APIResponse(
      responseCode = "201",
      description = "The base at its new version",
      content = @Content(schema = @Schema(implementation = ItemView.class)))
  public Response publishVersion(@PathParam("id") String id, ItemRequest body) {
    ItemView v = catalogue.update(context.session(), Catalogue.BASE, id, body);
    return Response.status(201).entity(v).build();
  }

  @POST
  @Path("bases/{id}/purchase")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "purchaseMarketplaceBase",
      summary =
          "Adds the base to the workspace's library: free, or its price in credits, charged once")
  @APIResponse(
      responseCode = "200",
      description = "Already in the library; nothing charged",
      content = @Content(schema = @Schema(implementation = LibraryView.class)))
  @APIResponse(
      responseCode = "402",
      description = "insufficient_credits: the workspace's balance does not cover the price")
  @APIResponse(responseCode = "409", description = "own_item: the workspace published it")
  @APIResponse(
      responseCode = "201",
      description = "Added to the library",
      content = @Content(schema = @Schema(implementation = LibraryView.class)))
  public Response purchaseBase(@PathParam("id") String id) {
    return purchased(catalogue.purchase(context.session(), Catalogue.BASE, id));
  }

  @GET
  @Path("bases/{id}/reviews")
  @PublicRoute
  @Operation(operationId = "listMarketplaceBaseReviews", summary = "The base's reviews")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public Page<ReviewView> baseReviews(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.reviews(Catalogue.BASE, id, PageRequest.of(limit, offset));
  }

  @POST
  @Path("bases/{id}/reviews")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "reviewMarketplaceBase",
      summary = "Reviews a base in the workspace's library: 1-5 stars, once per user")
  @APIResponse(
      responseCode = "403",
      description = "own_item or not_acquired: the workspace made it or has not acquired it")
  @APIResponse(responseCode = "409", description = "review_exists: you reviewed it already")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ReviewView.class)))
  public Response reviewBase(@PathParam("id") String id, ReviewRequest body) {
    return Response.status(201)
        .entity(catalogue.review(context.session(), Catalogue.BASE, id, body))
        .build();
  }

  // ---- the library and the creator's items

  @GET
  @Path("library")
  @Operation(
      operationId = "listMarketplaceLibrary",
      summary = "The workspace's acquired agents and bases, newest first")
  public Page<LibraryView> library(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return catalogue.library(context.session(), null, PageRequest.of(limit, offset));
  }

  @GET
  @Path("library/agents")
  @Operation(operationId = "listMarketplaceLibraryAgents", summary = "The workspace's agents")
  public Page<LibraryView> libraryAgents(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return catalogue.library(context.session(), Catalogue.AGENT, PageRequest.of(limit, offset));
  }

  @GET
  @Path("library/bases")
  @Operation(operationId = "listMarketplaceLibraryBases", summary = "The workspace's bases")
  public Page<LibraryView> libraryBases(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return catalogue.library(context.session(), Catalogue.BASE, PageRequest.of(limit, offset));
  }

  @GET
  @Path("creator/items")
  @Operation(
      operationId = "listMarketplaceCreatorItems",
      summary = "The workspace's published items with installs, sales, revenue and rating")
  public Page<CreatorItemView> creatorItems(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    return catalogue.creatorItems(context.session(), PageRequest.of(limit, offset));
  }

  // ---- moderation (superusers)

  @GET
  @Path("admin/items")
  @Operation(
      operationId = "listMarketplaceItemsAdmin",
      summary = "Every item of every workspace, by moderation status (superusers)")
  @APIResponse(responseCode = "403", description = "forbidden: not a platform superuser")
  public Page<ItemView> items(
      @Parameter(
              description = "approved, rejected or hidden",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"approved", "rejected", "hidden"}))
          @QueryParam("status")
          String status,
      @Parameter(
              description = "agent or base",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"agent", "base"}))
          @QueryParam("kind")
          String kind,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.adminItems(context.session(), status, kind, PageRequest.of(limit, offset));
  }

  @PATCH
  @Path("admin/items/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "moderateMarketplaceItem",
      summary = "Approves, rejects or hides an item (superusers); only approved items are listed")
  @APIResponse(responseCode = "403", description = "forbidden: not a platform superuser")
  public ItemView moderate(@PathParam("id") String id, ModerationRequest body) {
    return catalogue.moderate(context.session(), id, body);
  }

  private static Response purchased(Catalogue.Acquired a) {
    return Response.status(a.created() ? 201 : 200).entity(a.view()).build();
  }

  private static final String SORT = "popular (installs, the default), new or rating";
}
