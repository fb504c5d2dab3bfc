package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
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
 * browse, review, buy (with credits or through Stripe Checkout), report and fork. One route set
 * serves both kinds: {@code {kind}} is {@code agents} or {@code bases}. Reads are public where the
 * server allows anonymous browsing ({@code ATELIER_PLUGIN_MARKETPLACE_ANONYMOUS_BROWSE}).
 */
@Path("api/v1/marketplace")
@Produces(MediaType.APPLICATION_JSON)
@Tag(
    name = "Marketplace",
    description =
        "Agents and project bases published by workspaces: browse, review, buy, report, fork,"
            + " update (plugin marketplace)")
public class MarketplaceResource {

  private final PluginContext context;
  private final Catalogue catalogue;

  MarketplaceResource(PluginContext context, Catalogue catalogue) {
    this.context = context;
    this.catalogue = catalogue;
  }

  /**
   * The path segment of a kind: {@code agents} or {@code bases}. Not a regular expression on the
   * path, so that an unknown kind is answered after authentication (401 first, then 404).
   */
  static final String KINDS = "{kind}";

  private static final String KIND_DOC = "agents or bases";

  /** The item kind a path segment names; 404 for any other segment. */
  static String kind(String segment) {
    return switch (segment) {
      case "agents" -> Catalogue.AGENT;
      case "bases" -> Catalogue.BASE;
      default -> throw ProblemException.notFound("The resource");
    };
  }

  // ---- items of both kinds

  @GET
  @Path(KINDS)
  @PublicRoute
  @Operation(
      operationId = "listMarketplaceItems",
      summary = "Public, approved agents or bases: search, filter by category or tag, sort, page")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  @APIResponse(responseCode = "422", description = "Invalid paging or filter parameters")
  public Page<ItemView> list(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
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
    return catalogue.browse(kind(kind), q, category, tag, sort, PageRequest.of(limit, offset));
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
    return list("bases", q, category, tag, sort, limit, offset);
  }

  @POST
  @Path(KINDS)
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "publishMarketplaceItem",
      summary =
          "Publishes an agent spec, or a project base (files and agents), with the workspace as"
              + " its creator")
  @APIResponse(responseCode = "409", description = "slug_taken: an item of the kind has this slug")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      headers = @Header(name = "Location", description = "The URL of what was created"),
      content = @Content(schema = @Schema(implementation = ItemView.class)))
  public Response publish(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      ItemRequest body) {
    ItemView v = catalogue.publish(context.session(), kind(kind), body);
    return Response.created(URI.create("/api/v1/marketplace/" + kind + "/" + v.id()))
        .entity(v)
        .build();
  }

  @GET
  @Path(KINDS + "/{id}")
  @PublicRoute
  @Operation(
      operationId = "getMarketplaceItem",
      summary =
          "An agent with its spec, or a base with its files and agents, by id or slug (unlisted"
              + " ones too)")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public ItemView get(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id) {
    return catalogue.details(kind(kind), id);
  }

  @PATCH
  @Path(KINDS + "/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "updateMarketplaceItem",
      summary = "Changes the workspace's own item; new content is a new version")
  @APIResponse(responseCode = "409", description = "version_exists: the version is not newer")
  public ItemView update(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id,
      ItemRequest body) {
    return catalogue.update(context.session(), kind(kind), id, body);
  }

  @DELETE
  @Path(KINDS + "/{id}")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "deleteMarketplaceItem",
      summary = "Withdraws the workspace's own item (libraries keep it)")
  @APIResponse(responseCode = "204", description = "Withdrawn")
  public Response delete(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id) {
    catalogue.delete(context.session(), kind(kind), id);
    return Response.noContent().build();
  }

  @GET
  @Path(KINDS + "/{id}/versions")
  @PublicRoute
  @Operation(
      operationId = "listMarketplaceItemVersions",
      summary = "The item's published versions, newest first, by id or slug")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  public List<VersionView> versions(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id) {
    return catalogue.versions(kind(kind), id);
  }

  @POST
  @Path(KINDS + "/{id}/versions")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "publishMarketplaceItemVersion",
      summary = "Publishes a new version of the workspace's own item: content, version, notes")
  @APIResponse(responseCode = "409", description = "version_exists: the version is not newer")
  @APIResponse(
      responseCode = "201",
      description = "The item at its new version",
      content = @Content(schema = @Schema(implementation = ItemView.class)))
  public Response publishVersion(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id,
      ItemRequest body) {
    return Response.status(201).entity(update(kind, id, body)).build();
  }

  @POST
  @Path(KINDS + "/{id}/purchase")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "purchaseMarketplaceItem",
      summary =
          "Adds the item to the workspace's library: free, or its price in credits, charged once;"
              + " an item at a Stripe price answers a Checkout page and joins the library once paid")
  @APIResponse(
      responseCode = "200",
      description = "Already in the library; nothing charged",
      content = @Content(schema = @Schema(implementation = LibraryView.class)))
  @APIResponse(
      responseCode = "202",
      description =
          "A Stripe price: send the buyer to checkout_url; the item joins the library when Stripe"
              + " reports the payment",
      content = @Content(schema = @Schema(implementation = CheckoutView.class)))
  @APIResponse(
      responseCode = "402",
      description = "insufficient_credits: the workspace's balance does not cover the price")
  @APIResponse(
      responseCode = "409",
      description =
          "own_item: the workspace published it; payments_unavailable: no billing plugin takes"
              + " payments for the workspace")
  @APIResponse(
      responseCode = "201",
      description = "Added to the library",
      content = @Content(schema = @Schema(implementation = LibraryView.class)))
  public Response purchase(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id,
      PurchaseRequest body) {
    Catalogue.Acquired a = catalogue.purchase(context.session(), kind(kind), id, body);
    if (a.checkout() != null) {
      return Response.status(202).entity(a.checkout()).build();
    }
    return Response.status(a.created() ? 201 : 200).entity(a.view()).build();
  }

  @GET
  @Path(KINDS + "/{id}/reviews")
  @PublicRoute
  @Operation(operationId = "listMarketplaceItemReviews", summary = "The item's reviews")
  @APIResponse(
      responseCode = "401",
      description = "unauthorized: anonymous browsing is off and no credential was sent")
  @APIResponse(responseCode = "422", description = "Invalid paging parameters")
  public Page<ReviewView> reviews(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.reviews(kind(kind), id, PageRequest.of(limit, offset));
  }

  @POST
  @Path(KINDS + "/{id}/reviews")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "reviewMarketplaceItem",
      summary = "Reviews an item in the workspace's library: 1-5 stars, once per user")
  @APIResponse(
      responseCode = "403",
      description = "own_item or not_acquired: the workspace made it or has not acquired it")
  @APIResponse(responseCode = "409", description = "review_exists: you reviewed it already")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ReviewView.class)))
  public Response review(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id,
      ReviewRequest body) {
    return Response.status(201)
        .entity(catalogue.review(context.session(), kind(kind), id, body))
        .build();
  }

  @POST
  @Path(KINDS + "/{id}/report")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "reportMarketplaceItem",
      summary = "Reports an item to the moderators, with a reason: once per user")
  @APIResponse(
      responseCode = "409",
      description = "report_exists: you reported it already; own_item: the workspace made it")
  @APIResponse(
      responseCode = "201",
      description = "Created",
      content = @Content(schema = @Schema(implementation = ReportView.class)))
  public Response report(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @PathParam("id") String id,
      ReportRequest body) {
    return Response.status(201)
        .entity(catalogue.report(context.session(), kind(kind), id, body))
        .build();
  }

  @POST
  @Path("agents/{id}/fork")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "forkMarketplaceAgent",
      summary =
          "Copies the agent's spec (the version the library holds) into an agent of the workspace"
              + " (free or bought first)")
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
  @Path("library/" + KINDS)
  @Operation(
      operationId = "listMarketplaceLibraryItems",
      summary = "The workspace's acquired agents or bases, newest first")
  @APIResponse(responseCode = "422", description = "Invalid paging parameters")
  public Page<LibraryView> libraryOf(
      @Parameter(description = KIND_DOC, schema = @Schema(enumeration = {"agents", "bases"}))
          @PathParam("kind")
          String kind,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.library(context.session(), kind(kind), PageRequest.of(limit, offset));
  }

  @POST
  @Path("library/{id}/update")
  @RequiresRole(Role.OPERATOR)
  @Operation(
      operationId = "updateMarketplaceLibraryItem",
      summary =
          "Moves an item in the library to its latest approved version (not a fork: nothing is"
              + " copied into the workspace)")
  @APIResponse(
      responseCode = "409",
      description = "item_unavailable: the item is withdrawn or no longer approved")
  public LibraryView updateInstalled(@PathParam("id") String id) {
    return catalogue.updateInstalled(context.session(), id);
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

  private static final String SORT = "popular (installs, the default), new or rating";
}
