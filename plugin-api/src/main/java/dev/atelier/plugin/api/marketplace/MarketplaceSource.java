package dev.atelier.plugin.api.marketplace;

import dev.atelier.plugin.api.Incubating;
import java.util.List;
import java.util.Optional;
import org.pf4j.ExtensionPoint;

/**
 * A catalogue of installable items (agents, project bases) that the marketplace lists beside its
 * own: a remote registry or a curated set.
 *
 * @since 1.0.0
 */
@Incubating
public interface MarketplaceSource extends ExtensionPoint {

  /** The source id, e.g. {@code community}. */
  String id();

  /** Items matching {@code query} (null for all) of {@code kind} (null for all), one page. */
  List<MarketplaceItem> search(String query, String kind, int offset, int limit);

  /** One item by its slug. */
  Optional<MarketplaceItem> item(String slug);

  /** The item's installable content (an agent spec, a base's archive URL...). */
  String content(String slug);
}
