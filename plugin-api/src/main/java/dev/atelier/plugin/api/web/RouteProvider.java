package dev.atelier.plugin.api.web;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * Contributes REST resources: instances of classes annotated with JAX-RS {@code @Path}, whose path
 * starts with {@code api/v1/} and does not take a path of the core's. The host mounts them behind
 * the same authentication, roles ({@link RequiresRole}, viewer when absent), rate limits,
 * idempotency and problem responses as the core, refuses them with 403 {@code feature_disabled} for
 * a tenant that switched the plugin off, and describes them in the OpenAPI document from their
 * annotations (JAX-RS, MicroProfile OpenAPI {@code @Operation} and {@code @Tag}) and the records
 * they take and return.
 *
 * <p>Resources are singletons: keep per-call state in the {@link
 * dev.atelier.plugin.api.PluginContext#session() session}, never in fields. JSON uses snake_case
 * member names, like the core.
 *
 * @since 1.0.0
 */
public interface RouteProvider extends ExtensionPoint {

  /** The resource instances; called once at start-up. */
  List<Object> resources();
}
