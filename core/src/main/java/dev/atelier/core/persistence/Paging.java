package dev.atelier.core.persistence;

import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.persistence.TypedQuery;
import java.util.function.Function;

/** One page of a list query and the total it is a page of. */
public final class Paging {

  private Paging() {}

  /**
   * The page {@code page} of {@code items} (read only, not tracked for changes), each mapped with
   * {@code view}, and the total {@code count} counts.
   */
  public static <E, T> Page<T> page(
      TypedQuery<E> items, TypedQuery<Long> count, PageRequest page, Function<E, T> view) {
    return page.page(
        items
            .setHint(Transactions.READ_ONLY, true)
            .setFirstResult(page.offset())
            .setMaxResults(page.limit())
            .getResultList()
            .stream()
            .map(view)
            .toList(),
        count.getSingleResult());
  }
}
