package dev.atelier.core.metering;

import dev.atelier.core.security.SuperuserOnly;
import dev.atelier.plugin.api.billing.Plan;
import dev.atelier.plugin.api.web.Check;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Plans, set by superusers. */
@Path("api/v1/admin/billing/plans")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Plans",
    description =
        "The plans workspaces subscribe to and the credits they grant (public; superusers set them)")
@SuperuserOnly
public class PlansAdminResource {

  @Inject Metering metering;

  @PUT
  @Path("{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "putPlan",
      summary = "Create or replace a plan (its key a slug; free is the plan without subscription)")
  @APIResponse(
      responseCode = "409",
      description = "price_taken: another plan is sold at this Stripe price")
  public PlanView put(@PathParam("key") String key, PutPlan body) {
    Check.body(body)
        .required("monthly_credits", body == null ? null : body.monthlyCredits())
        .done();
    Plan plan =
        new Plan(
            key,
            body.name(),
            body.stripePriceId(),
            body.interval(),
            body.monthlyCredits(),
            Boolean.TRUE.equals(body.overage()),
            body.limits() == null ? null : nullFree(body.limits()),
            body.features() == null
                ? null
                : body.features().stream().map(f -> f == null ? "" : f).toList());
    return PlanView.of(metering.putPlan(plan));
  }

  /** Limits with null values become -1, which the check refuses. */
  private static java.util.Map<String, Long> nullFree(java.util.Map<String, Long> limits) {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    limits.forEach((k, v) -> out.put(k, v == null ? -1L : v));
    return out;
  }
}
