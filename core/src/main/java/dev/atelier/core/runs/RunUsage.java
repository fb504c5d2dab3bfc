package dev.atelier.core.runs;

import dev.atelier.core.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Tokens and cost of a tenant's runs, summed by day, agent or model. */
@ApplicationScoped
public class RunUsage {

  @Inject Transactions tx;

  /**
   * The usage of the runs of {@code tenantId} created from {@code start} to {@code end} (UTC days,
   * both included), one line per {@code by}: {@code day}, {@code agent} or {@code model}.
   */
  public Usage between(String tenantId, LocalDate start, LocalDate end, String by) {
    List<Run> runs =
        tx.readInTenant(
            tenantId,
            em ->
                em.createQuery(
                        "SELECT r FROM Run r WHERE r.createdAt >= :from AND r.createdAt < :to",
                        Run.class)
                    .setParameter("from", start.atStartOfDay().toInstant(ZoneOffset.UTC))
                    .setParameter("to", end.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                    .setHint(Transactions.READ_ONLY, true)
                    .getResultList());
    Function<Run, String> key =
        switch (by) {
          case "agent" -> Run::agentName;
          case "model" -> r -> r.model() == null ? "(none)" : r.model();
          default -> r -> LocalDate.ofInstant(r.createdAt(), ZoneOffset.UTC).toString();
        };
    Map<String, UsageLine> lines = new TreeMap<>();
    UsageLine total = new UsageLine("total", 0, 0, 0, BigDecimal.ZERO);
    for (Run r : runs) {
      lines.merge(key.apply(r), line(key.apply(r), r), RunUsage::plus);
      total = plus(total, line("total", r));
    }
    return new Usage(start, end, by, total, List.copyOf(lines.values()));
  }

  private static UsageLine line(String key, Run r) {
    return new UsageLine(key, 1, r.tokensInput(), r.tokensOutput(), r.cost());
  }

  private static UsageLine plus(UsageLine a, UsageLine b) {
    return new UsageLine(
        a.key(),
        a.runs() + b.runs(),
        a.tokensInput() + b.tokensInput(),
        a.tokensOutput() + b.tokensOutput(),
        a.cost().add(b.cost()));
  }
}
