package dev.atelier.core.runs;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tokens and cost of the workspace's runs, per day (UTC), agent or model. */
@Path("api/v1/usage")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(name = "Runs")
public class UsageResource {

  static final int MAX_DAYS = 366;

  @Inject RunUsage usage;
  @Inject Caller caller;

  @GET
  @Operation(
      operationId = "getUsage",
      summary =
          "Tokens and cost of the workspace's runs between two days (UTC, at most a year),"
              + " grouped by day, agent or model")
  public Usage usage(
      @Parameter(
              description = "The first day (UTC), YYYY-MM-DD; default 29 days before to",
              schema = @Schema(type = SchemaType.STRING, format = "date"))
          @QueryParam("from")
          String from,
      @Parameter(
              description = "The last day (UTC), YYYY-MM-DD; default today",
              schema = @Schema(type = SchemaType.STRING, format = "date"))
          @QueryParam("to")
          String to,
      @Parameter(
              description = "How to group the totals",
              schema =
                  @Schema(
                      enumeration = {"day", "agent", "model"},
                      defaultValue = "day"))
          @QueryParam("group_by")
          String groupBy) {
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
    return usage.between(caller.tenantId(), start, end, by);
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
