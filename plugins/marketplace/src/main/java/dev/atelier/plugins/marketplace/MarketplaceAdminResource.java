package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Moderation of the marketplace by platform superusers, under the plugin's own admin prefix ({@code
 * /api/v1/admin/marketplace}, which the core lets only superusers call).
 */
@Path("api/v1/admin/marketplace")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace", description = "Moderation of the marketplace (superusers)")
public class MarketplaceAdminResource {

  private final PluginContext context;
  private final Catalogue catalogue;

  MarketplaceAdminResource(PluginContext context, Catalogue catalogue) {
    this.context = context;
    this.catalogue = catalogue;
  }

  @GET
  @Path("items")
  @Operation(
      operationId = "listMarketplaceItemsAdmin",
      summary = "Every item of every workspace, by moderation status, with its reports count")
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
  @Path("items/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "moderateMarketplaceItem",
      summary = "Approves, rejects or hides an item; only approved items are listed")
  @APIResponse(responseCode = "403", description = "forbidden: not a platform superuser")
  public ItemView moderate(@PathParam("id") String id, ModerationRequest body) {
    return catalogue.moderate(context.session(), id, body);
  }

  @GET
  @Path("items/{id}/reports")
  @Operation(
      operationId = "listMarketplaceItemReports",
      summary = "The reasons users reported the item for, newest first")
  @APIResponse(responseCode = "403", description = "forbidden: not a platform superuser")
  @APIResponse(responseCode = "422", description = "Invalid paging parameters")
  public Page<ReportView> reports(
      @PathParam("id") String id,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return catalogue.reports(context.session(), id, PageRequest.of(limit, offset));
  }
}
