package dev.atelier.core.events;

import dev.atelier.core.events.Deliveries.DeliveryView;
import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Domain event deliveries, for superusers: which failed, and trying them again. */
@Path("api/v1/admin/events")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@SuperuserOnly
@Tag(name = "Administration")
public class EventsAdminResource {

  @Inject Deliveries deliveries;

  @GET
  @Operation(
      summary = "Event deliveries, newest first; status filters pending, delivered or failed",
      operationId = "listEventDeliveries")
  public Page<DeliveryView> list(
      @Parameter(
              description = "Only deliveries in this state",
              schema = @Schema(enumeration = {"pending", "delivered", "failed"}))
          @QueryParam("status")
          String status,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return deliveries.list(status, PageRequest.of(limit, offset));
  }

  @POST
  @Path("{event_id}/retry")
  @Operation(
      summary = "Try an event's failed deliveries again from the start",
      operationId = "retryEventDelivery")
  @APIResponse(
      responseCode = "409",
      description = "nothing_failed: none of the event's deliveries has failed")
  public void retry(@PathParam("event_id") String eventId) {
    deliveries.retry(eventId);
  }
}
