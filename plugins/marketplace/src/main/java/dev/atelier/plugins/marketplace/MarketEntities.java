package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.data.EntityProvider;
import java.util.List;
import org.pf4j.Extension;

/** The plugin's tables ({@code db/plugin/marketplace/V*.sql}) as JPA entities. */
@Extension
public class MarketEntities implements EntityProvider {

  @Override
  public List<Class<?>> entityClasses() {
    return List.of(
        MarketItem.class,
        MarketVersion.class,
        MarketPurchase.class,
        MarketReview.class,
        MarketReport.class);
  }
}
