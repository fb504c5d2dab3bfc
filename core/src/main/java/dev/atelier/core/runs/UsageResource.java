package dev.atelier.core.runs;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.Caller;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tokens and cost of the workspace's runs, per day (UTC), agent or model. */
@Path("api/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Runs")
public class UsageResource {

  static final int MAX_DAYS = 366;

  @Inject Transactions tx;
  @Inject Caller caller;

  /** The usage of one day, agent or model. */
  public record UsageLine(
      String key, long runs, long tokensInput, long tokensOutput, BigDecimal cost) {}

  /** The usage from {@code from} to {@code to} (UTC days, both included). */
  public record Usage(
      LocalDate from, LocalDate to, String groupBy, UsageLine total, List<UsageLine> items) {}

  @GET
  @Operation(
      summary =
          "Tokens and cost of the workspace's runs between two days (UTC, at most a year),"
              + " grouped by day, agent or model")
  public Usage usage(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("group_by") String groupBy) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Check check = Check.start();
    LocalDate end = day(check, "to", to, today);
    LocalDate start = day(check, "from", from, end == null ? today : end.minusDays(29));
    String by = groupBy == null ? "day" : groupBy;
    check.that(
        List.of("day", "agent", "model").contains(by), "group_by", "must be day, agent or model");
    check.done();
    if (start.isAfter(end)) {
      throw ProblemException.validation("from", "must not be after to");
    }
    if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
      throw ProblemException.validation("from", "the range is at most " + MAX_DAYS + " days");
    }
    List<Run> runs =
        tx.readInTenant(
            caller.tenantId(),
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
      lines.merge(key.apply(r), line(key.apply(r), r), UsageResource::plus);
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

  private static LocalDate day(Check check, String field, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      check.fail(field, "must be a day, YYYY-MM-DD");
      return fallback;
    }
  }
}
