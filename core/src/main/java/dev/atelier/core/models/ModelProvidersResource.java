package dev.atelier.core.models;

import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.core.plugins.PluginRouteFilter;
import dev.atelier.core.security.Caller;
import dev.atelier.core.security.OutboundGuard;
import dev.atelier.plugin.api.model.ModelCredentials;
import dev.atelier.plugin.api.model.ModelProvider;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The model providers of the current workspace and their credentials. The API key is write-only;
 * the base URL (for providers that accept one) is shown, and checked like every URL users give the
 * server to call.
 */
@Path("api/v1/model-providers")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Model providers")
public class ModelProvidersResource {

  private static final int MAX_KEY = 4096;
  private static final int MAX_URL = 2048;

  @Inject Caller caller;
  @Inject ModelProviders providers;
  @Inject OutboundGuard outbound;

  @GET
  @Operation(
      summary =
          "The model providers of this workspace (plugins switched on), whether credentials are"
              + " set, and the base URL")
  public ProviderList list() {
    return providers.list(caller.tenantId());
  }

  @PUT
  @Path("{id}/credentials")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @Operation(
      summary = "Set this workspace's credentials for a model provider (the key is write-only)")
  @APIResponse(responseCode = "204", description = "Saved")
  public Response put(@PathParam("id") String id, PutCredentials body) {
    Provided<ModelProvider> p = provider(id);
    Check check = Check.body(body);
    check.text("api_key", body.apiKey(), MAX_KEY);
    check.that(
        body.apiKey() == null || body.apiKey().strip().chars().noneMatch(Character::isWhitespace),
        "api_key",
        "must not contain white space");
    String baseUrl =
        body.baseUrl() == null || body.baseUrl().isBlank() ? null : body.baseUrl().strip();
    if (baseUrl != null) {
      check.that(
          p.extension().acceptsBaseUrl(),
          "base_url",
          "is not accepted by the provider '" + id + "'");
      check.optionalText("base_url", baseUrl, MAX_URL);
    }
    check.done();
    String tenantId = caller.tenantId();
    if (!providers.enabled(tenantId, p)) {
      throw PluginRouteFilter.featureDisabled(p.pluginId());
    }
    if (baseUrl != null) {
      outbound.check("base_url", baseUrl);
      baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }
    providers.save(tenantId, p, new ModelCredentials(body.apiKey().strip(), baseUrl));
    return Response.noContent().build();
  }

  @DELETE
  @Path("{id}/credentials")
  @RequiresRole(Role.ADMIN)
  @Operation(summary = "Remove this workspace's credentials for a model provider")
  @APIResponse(responseCode = "204", description = "Removed")
  public Response delete(@PathParam("id") String id) {
    Provided<ModelProvider> p = provider(id);
    String tenantId = caller.tenantId();
    providers.delete(tenantId, p);
    return Response.noContent().build();
  }

  private Provided<ModelProvider> provider(String id) {
    return providers.find(id).orElseThrow(() -> ProblemException.notFound("The model provider"));
  }
}
