package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.web.RouteProvider;
import java.util.List;
import org.pf4j.Extension;

/** The kanban routes under {@code /api/v1/kanban/{project_id}}: board, columns, tasks, comments. */
@Extension
public class KanbanRoutes implements RouteProvider {

  private final PluginContext context;

  public KanbanRoutes(PluginContext context) {
    this.context = context;
  }

  @Override
  public List<Object> resources() {
    return List.of(
        new BoardResource(context),
        new ColumnsResource(context),
        new TasksResource(context),
        new CommentsResource(context));
  }
}
