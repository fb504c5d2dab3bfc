package dev.atelier.core.metering;

import dev.atelier.core.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The plans on offer, for anyone. */
@Path("api/v1/billing/plans")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Plans",
    description =
        "The plans workspaces subscribe to and the credits they grant (public; superusers set them)")
public class PlansResource {

  @Inject Metering metering;

  @GET
  @PublicEndpoint
  @Operation(
      operationId = "listPlans",
      summary = "The plans on offer, by key; free always first or among them")
  public PlanList list() {
    return new PlanList(metering.plans().stream().map(PlanView::of).toList());
  }
}
