package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;
import java.util.List;

/**
 * One page of repositories, and whether the host has more after it.
 *
 * @since 1.0.0
 */
@Incubating
public record GitRepositoryPage(List<GitRepository> items, boolean hasMore) {

  public GitRepositoryPage {
    items = List.copyOf(items);
  }
}
