package dev.atelier.core.audit;

import dev.atelier.core.persistence.Transactions;
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
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit trail, newest first, for tenant admins. */
@Path("api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Audit")
@RequiresRole(Role.ADMIN)
public class AuditResource {

  @Inject Transactions tx;
  @Inject Caller caller;

  /** One audit event as the API shows it. */
  public record AuditEventView(
      String id,
      String action,
      String actorId,
      String actorEmail,
      String targetType,
      String targetId,
      String ip,
      String detail,
      Instant createdAt) {}

  @GET
  @Operation(summary = "List the workspace's audit events, newest first")
  public Page<AuditEventView> list(
      @QueryParam("action") String action,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    return tx.readInTenant(
        caller.tenantId(),
        em -> {
          String where = action == null || action.isBlank() ? "" : " WHERE e.action = :action";
          var q =
              em.createQuery(
                  "SELECT e FROM AuditEvent e" + where + " ORDER BY e.createdAt DESC, e.id",
                  AuditEvent.class);
          var count = em.createQuery("SELECT COUNT(e) FROM AuditEvent e" + where, Long.class);
          if (!where.isEmpty()) {
            q.setParameter("action", action);
            count.setParameter("action", action);
          }
          var items =
              q
                  .setHint(Transactions.READ_ONLY, true)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList()
                  .stream()
                  .map(
                      e ->
                          new AuditEventView(
                              e.id(),
                              e.action(),
                              e.actorId(),
                              e.actorEmail(),
                              e.targetType(),
                              e.targetId(),
                              e.ip(),
                              e.detail(),
                              e.createdAt()))
                  .toList();
          return page.page(items, count.getSingleResult());
        });
  }
}
