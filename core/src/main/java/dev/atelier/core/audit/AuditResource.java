package dev.atelier.core.audit;

import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.RequiresRole;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit trail, newest first, for tenant admins. */
@Path("api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Audit", description = "The audit trail of the current workspace")
@RequiresRole(Role.ADMIN)
public class AuditResource {

  @Inject Audit audit;
  @Inject Caller caller;

  @GET
  @Operation(summary = "List the workspace's audit events, newest first")
  public Page<AuditEventView> list(
      @Parameter(description = "Only events of this action, e.g. project.created")
          @QueryParam("action")
          String action,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    return audit.list(caller.tenantId(), action, PageRequest.of(limit, offset));
  }
}
