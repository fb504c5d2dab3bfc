package dev.atelier.plugins.kanban;

import dev.atelier.plugin.api.data.EntityProvider;
import java.util.List;
import org.pf4j.Extension;

/** The kanban tables ({@code db/plugin/kanban/V*.sql}) as JPA entities, and their converter. */
@Extension
public class KanbanEntities implements EntityProvider {

  @Override
  public List<Class<?>> entityClasses() {
    return List.of(KanbanColumn.class, KanbanTask.class, KanbanComment.class);
  }
}
