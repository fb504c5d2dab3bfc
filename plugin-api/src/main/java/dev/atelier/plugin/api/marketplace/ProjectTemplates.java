package dev.atelier.plugin.api.marketplace;

import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.PluginSession;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * Project templates (bases) a new project starts from: {@code POST /api/v1/projects {name, base}}
 * asks the installed provider for the template {@code ref} names, writes its files through the
 * core's files rules and creates its agents.
 *
 * @since 1.1.0
 */
@Incubating
public interface ProjectTemplates extends ExtensionPoint {

  /**
   * The template {@code ref} (an id, a slug, or {@code slug@version}) as the session's tenant may
   * use it; empty when there is no such template or the tenant may not see it. Throws {@link
   * dev.atelier.plugin.api.web.ProblemException} 402 {@code purchase_required} when the tenant must
   * acquire it first.
   */
  Optional<ProjectTemplate> template(PluginSession session, String ref);

  /** Called once a project was made from {@code template} in the session's tenant. */
  default void used(PluginSession session, ProjectTemplate template) {}
}
