package dev.atelier.core.api;

import dev.atelier.plugin.api.web.ProblemException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception into a problem response. {@link ProblemException} (core's and plugins')
 * keeps its own status and code; JAX-RS's own errors get ours; anything unexpected becomes a 500
 * with a reference id that is logged beside the stack trace, and nothing of the internals reaches
 * the client.
 */
@Provider
public class ProblemMappers implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(Throwable thrown) {
    return respond(translate(thrown));
  }

  /** Maps any throwable to the API exception it stands for. */
  public static ProblemException translate(Throwable thrown) {
    ProblemException api = find(thrown, ProblemException.class);
    if (api != null) {
      return api;
    }
    if (databaseDown(thrown)) {
      return new ApiException(
          503,
          "database_unavailable",
          "Database unavailable",
          "The database does not answer; try again shortly.",
          List.of(),
          Map.of("Retry-After", "2"));
    }
    if (find(thrown, JsonbException.class) != null
        || find(thrown, JsonParsingException.class) != null
        || (thrown instanceof ProcessingException)) {
      return ApiException.badRequest(
          "malformed_json", "The request body is not valid JSON of the expected shape.");
    }
    if (thrown instanceof NotFoundException) {
      return new ApiException(404, "not_found", "Not found", "No such resource.");
    }
    if (thrown instanceof NotAllowedException notAllowed) {
      // RFC 9110: a 405 must list the methods the resource does support
      Set<String> allowed = new TreeSet<>(notAllowed.getResponse().getAllowedMethods());
      return new ApiException(
          405,
          "method_not_allowed",
          "Method not allowed",
          "This method is not allowed here.",
          List.of(),
          allowed.isEmpty() ? Map.of() : Map.of("Allow", String.join(", ", allowed)));
    }
    if (thrown instanceof NotSupportedException) {
      return new ApiException(
          415,
          "unsupported_media_type",
          "Unsupported media type",
          "This content type is not accepted here; send application/json.");
    }
    if (thrown instanceof NotAcceptableException) {
      return new ApiException(
          406, "not_acceptable", "Not acceptable", "No acceptable representation.");
    }
    if (thrown instanceof WebApplicationException wae && wae.getResponse().getStatus() < 500) {
      int status = wae.getResponse().getStatus();
      return new ApiException(
          status,
          status == 400 ? "bad_request" : "http_" + status,
          "Request error",
          "The request could not be processed.");
    }
    String ref = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Unexpected error, reference " + ref, thrown);
    return new ApiException(
        500,
        "internal_error",
        "Internal server error",
        "An unexpected error occurred. Reference: " + ref + ".");
  }

  private Response respond(ProblemException e) {
    // the path relative to the application, with or without its leading slash (servers differ)
    String instance = uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/+", "");
    Response.ResponseBuilder builder =
        Response.status(e.status()).type(Problem.MEDIA_TYPE).entity(Problem.of(e, instance));
    e.headers().forEach(builder::header);
    return builder.build();
  }

  /**
   * Whether {@code thrown} comes from a database that cannot be reached: no connection to be had
   * (the pool's timeout, or refused at once while the database is known to be down), or one lost on
   * the way (SQL states of class 08, and PostgreSQL's shutdown states 57P01–57P03).
   */
  static boolean databaseDown(Throwable thrown) {
    for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLTransientConnectionException
          || c instanceof SQLNonTransientConnectionException
          || c instanceof SQLRecoverableException) {
        return true;
      }
      if (c instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
