package dev.atelier.core.git;

import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Push webhooks of git hosts, {@code POST /api/v1/webhooks/git-{provider}/events}: core receives
 * them (not the provider's plugin) because core owns the links of projects to repositories. No
 * credential: the provider verifies the signature with the link's secret.
 */
@Path("api/v1/webhooks/git-{provider}")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Webhooks")
@PublicEndpoint
public class GitHooksResource {

  @Inject GitWebhooks webhooks;

  @POST
  @Path("events")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
  @NotIdempotent
  @Operation(
      operationId = "receiveGitPush",
      summary = "Deliver a git host's push webhook to the projects linked to the repository",
      description =
          "A push to a linked branch queues a pull of the project (a background task, behind"
              + " a git task of the project under way), which publishes event git.pushed once it"
              + " has merged; a delivery id is applied once; other events are ignored.")
  @APIResponse(
      responseCode = "202",
      description = "Accepted: pulled, queued (behind a git task under way), duplicate or ignored",
      content = @Content(schema = @Schema(implementation = PushReceipt.class)))
  @APIResponse(
      responseCode = "400",
      description = "bad_signature: no link of the repository verifies the delivery")
  @APIResponse(responseCode = "404", description = "not_found: no such git provider")
  public Response receive(
      @PathParam("provider") String provider, @Context HttpHeaders headers, byte[] body) {
    Map<String, String> lower = new HashMap<>();
    headers
        .getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                lower.put(k.toLowerCase(Locale.ROOT), v.get(0));
              }
            });
    PushReceipt r = webhooks.receive(provider, lower, body == null ? new byte[0] : body);
    return Response.accepted(r).build();
  }
}
