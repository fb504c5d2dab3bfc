package dev.atelier.core.features;

import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The features (plugins) of the current workspace, and the tenant admin's switch. */
@Path("api/v1/tenants/current/features")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Features",
    description = "Features (plugin capabilities) switched on or off for the current workspace")
public class FeaturesResource {

  @Inject Caller caller;
  @Inject Features features;

  @GET
  @Operation(summary = "The features of this workspace: every started plugin, on or off")
  public FeatureList list() {
    return features.list(caller.tenantId());
  }

  @PUT
  @Path("{key}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Switch a feature on or off for this workspace")
  public FeatureView put(@PathParam("key") String key, SwitchFeature body) {
    Check.body(body).required("enabled", body.enabled()).done();
    return features.switchFor(caller.tenantId(), key, body.enabled());
  }
}
