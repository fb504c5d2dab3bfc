package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.PluginContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The creator dashboard: a workspace's totals as a publisher ({@code /api/v1/creators}). */
@Path("api/v1/creators")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace")
public class CreatorsResource {

  private final PluginContext context;
  private final Catalogue catalogue;

  CreatorsResource(PluginContext context, Catalogue catalogue) {
    this.context = context;
    this.catalogue = catalogue;
  }

  @GET
  @Path("dashboard")
  @Operation(
      operationId = "getCreatorDashboard",
      summary =
          "The workspace's totals as a creator: items, installs, sales, credits earned, rating"
              + " (per item: GET /marketplace/creator/items)")
  public CreatorDashboardView dashboard() {
    return catalogue.creatorDashboard(context.session());
  }
}
