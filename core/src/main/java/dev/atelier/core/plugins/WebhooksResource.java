package dev.atelier.core.plugins;

import dev.atelier.core.idempotency.NotIdempotent;
import dev.atelier.core.security.PublicEndpoint;
import dev.atelier.plugin.api.webhook.InboundWebhook;
import dev.atelier.plugin.api.webhook.WebhookReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Inbound webhooks of plugins: {@code POST /api/v1/webhooks/{plugin}/{name}}. No credential: the
 * plugin's receiver checks the sender's signature over the raw body.
 */
@Path("api/v1/webhooks")
@ApplicationScoped
@Tag(
    name = "Webhooks",
    description = "Inbound webhooks of plugins, at /webhooks/{plugin id}/{name}")
@PublicEndpoint
public class WebhooksResource {

  @Inject PluginWebhooks webhooks;

  @POST
  @Path("{plugin}/{name}")
  @Consumes({
    MediaType.APPLICATION_JSON,
    MediaType.APPLICATION_FORM_URLENCODED,
    MediaType.TEXT_PLAIN,
    MediaType.APPLICATION_OCTET_STREAM
  })
  @NotIdempotent
  @Operation(
      operationId = "receiveWebhook",
      summary = "Deliver a webhook to a plugin (the plugin verifies the signature)")
  @APIResponse(
      responseCode = "200",
      description = "The plugin accepted the delivery: its answer, in its media type",
      content = @Content(mediaType = "*/*"))
  @APIResponse(
      responseCode = "default",
      description = "The plugin's answer: its status, media type and body",
      content = @Content(mediaType = "*/*"))
  public Response receive(
      @PathParam("plugin") String plugin,
      @PathParam("name") String name,
      @Context HttpHeaders headers,
      @Context UriInfo uri,
      byte[] body) {
    Map<String, List<String>> lower = new HashMap<>();
    headers
        .getRequestHeaders()
        .forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    Map<String, List<String>> query = new HashMap<>();
    uri.getQueryParameters().forEach((k, v) -> query.put(k, List.copyOf(v)));
    WebhookReply reply =
        webhooks.deliver(
            plugin, name, new InboundWebhook(lower, body == null ? new byte[0] : body, query));
    Response.ResponseBuilder out = Response.status(reply.status());
    if (reply.body() != null) {
      out.entity(reply.body())
          .type(reply.contentType() == null ? "text/plain" : reply.contentType());
    }
    return out.build();
  }
}
