package com.example.atelier.hello;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/hello}: greets the caller's workspace. Needs a signed-in caller with at least
 * the viewer role (no {@code @RequiresRole}); answers 403 {@code feature_disabled} where a tenant
 * switched the plugin off. One instance serves every request, so it keeps no per-call state.
 */
@Path("api/v1/hello")
@Produces(MediaType.APPLICATION_JSON)
public class HelloResource {

  private final PluginContext context;

  /** The resource, reading its configuration and session from {@code context}. */
  public HelloResource(PluginContext context) {
    this.context = context;
  }

  /**
   * The answer: {@code {"message": "...", "tenant_id": "..."}} (the host writes snake_case).
   *
   * @param message the greeting, {@code atelier.plugin.hello.greeting} (default "Hello")
   * @param tenantId the workspace the call acts in
   */
  public record Greeting(String message, String tenantId) {}

  /** Greets the caller's workspace. */
  @GET
  public Greeting hello() {
    PluginSession session = context.session();
    String greeting = context.config().get("greeting", "Hello");
    String who = session.caller().map(CallerInfo::email).orElse("workspace");
    return new Greeting(greeting + ", " + who, session.tenantId());
  }
}
