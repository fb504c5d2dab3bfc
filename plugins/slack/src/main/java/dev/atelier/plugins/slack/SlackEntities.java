package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.data.EntityProvider;
import java.util.List;
import org.pf4j.Extension;

/** The Slack tables ({@code db/plugin/slack/V*.sql}) as JPA entities. */
@Extension
public class SlackEntities implements EntityProvider {

  @Override
  public List<Class<?>> entityClasses() {
    return List.of(SlackApp.class, SlackEvent.class, SlackThread.class);
  }
}
