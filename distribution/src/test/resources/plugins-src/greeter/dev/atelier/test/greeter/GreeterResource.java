package dev.atelier.test.greeter;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import dev.atelier.plugin.api.workspace.ProjectRef;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("api/v1/greeter")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Greeter")
public class GreeterResource {

  public record Greeting(String message, String tenantId, String userId, String role, String word) {}

  public record Shout(String text) {}

  public record SecretValue(String value) {}

  private final PluginContext context;

  public GreeterResource(PluginContext context) {
    this.context = context;
  }

  private Greeting greeting(String message) {
    PluginSession s = context.session();
    CallerInfo caller = s.caller().orElseThrow();
    return new Greeting(
        message,
        s.tenantId(),
        caller.userId(),
        caller.role().wire(),
        context.config().get("greeting", "hello"));
  }

  @GET
  @Path("hello")
  @Operation(summary = "Greets the caller")
  public Greeting hello() {
    return greeting("hello");
  }

  @POST
  @Path("shouts")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.OPERATOR)
  @Operation(summary = "Shouts a text back")
  @APIResponse(
      responseCode = "201",
      description = "The greeting, shouted",
      content = @Content(schema = @Schema(implementation = Greeting.class)))
  public Response shout(Shout body) {
    Check.body(body).text("text", body.text(), 50).done();
    return Response.status(201).entity(greeting(body.text().toUpperCase(Locale.ROOT))).build();
  }

  @POST
  @Path("announcements")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Publishes greeter.announced about the text")
  @APIResponse(responseCode = "202", description = "Published")
  public Response announce(Shout body) {
    Check.body(body).text("text", body.text(), 50).done();
    context.session().events().publish("announced", body.text(), java.util.Map.of());
    return Response.accepted().build();
  }

  @GET
  @Path("boom")
  @APIResponse(responseCode = "500", description = "Always: it fails on purpose")
  public Greeting boom() {
    throw new IllegalStateException("internal detail com.example.Secret at line 42");
  }

  @GET
  @Path("conflict")
  @APIResponse(responseCode = "409", description = "Always (greeter_busy)")
  public Greeting conflict() {
    throw ProblemException.conflict("greeter_busy", "The greeter is busy.");
  }

  @GET
  @Path("events")
  @Operation(summary = "The events this plugin received in the workspace")
  public Page<String> events(@QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    List<String> all = EventRecorder.seen(context.session().tenantId());
    List<String> items =
        all.stream().skip(page.offset()).limit(page.limit()).toList();
    return page.page(items, all.size());
  }

  @GET
  @Path("projects/{id}")
  public ProjectRef project(@PathParam("id") String id) {
    return context
        .session()
        .workspace()
        .project(id)
        .orElseThrow(() -> ProblemException.notFound("The project"));
  }

  @PUT
  @Path("secrets/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRole(Role.ADMIN)
  @APIResponse(responseCode = "204", description = "Stored")
  public Response putSecret(@PathParam("name") String name, SecretValue body) {
    Check.body(body).required("value", body.value()).done();
    context.session().secrets().put(name, body.value());
    return Response.noContent().build();
  }

  @GET
  @Path("secrets/{name}")
  @RequiresRole(Role.ADMIN)
  public SecretValue getSecret(@PathParam("name") String name) {
    return new SecretValue(
        context
            .session()
            .secrets()
            .get(name)
            .orElseThrow(() -> ProblemException.notFound("The secret")));
  }

  @GET
  @Path("outbound")
  public Greeting outbound(@QueryParam("url") String url) {
    context.session().http().check("url", url);
    return greeting("allowed");
  }
}
