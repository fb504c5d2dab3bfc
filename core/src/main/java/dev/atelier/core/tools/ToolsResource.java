package dev.atelier.core.tools;

import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tool catalog of the caller's workspace. */
@Path("api/v1/tools")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Tools", description = "The tools agents can call")
public class ToolsResource {

  @Inject Caller caller;
  @Inject ToolCatalog catalog;

  @GET
  @Operation(
      summary =
          "The tools agents of this workspace may call: the built-in ones and those of the"
              + " plugins switched on, by name")
  public Page<ToolView> list(
      @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
    PageRequest page = PageRequest.of(limit, offset);
    List<ToolDescriptor> all = catalog.list(caller.tenantId());
    int from = Math.min(page.offset(), all.size());
    int to = Math.min(from + page.limit(), all.size());
    return page.page(all.subList(from, to).stream().map(ToolView::of).toList(), all.size());
  }
}
