package dev.atelier.core.api;

import dev.atelier.plugin.api.web.ProblemException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The servlet container's error page ({@code web.xml}): the errors the container raises itself in
 * this application, before or around JAX-RS (an unparsable {@code Content-Type}, a request it
 * refuses), become problems with a stable code instead of the server's HTML page. Reached directly,
 * it is a 404 like any unknown path.
 */
@WebServlet(urlPatterns = ErrorPage.PATH)
public class ErrorPage extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** Where {@code web.xml} sends errors. */
  static final String PATH = "/errors";

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    ProblemException problem;
    if (thrown instanceof Throwable t) {
      problem = ProblemMappers.translate(t);
    } else {
      int code = status instanceof Integer i ? i : 404;
      problem = problem(code);
    }
    ServletProblems.write(response, problem, uri instanceof String s ? s : request.getRequestURI());
  }

  /** The problem the container's status {@code status} stands for. */
  static ProblemException problem(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest("bad_request", "The request could not be understood.");
      case 401 -> ApiException.unauthorized("Authentication is required.");
      case 403 -> new ApiException(403, "forbidden", "Forbidden", "This is not allowed.");
      case 404 -> new ApiException(404, "not_found", "Not found", "No such resource.");
      case 405 ->
          new ApiException(
              405, "method_not_allowed", "Method not allowed", "This method is not allowed here.");
      case 408 ->
          new ApiException(
              408, "request_timeout", "Request timeout", "The request took too long to arrive.");
      case 413 ->
          new ApiException(
              413, "payload_too_large", "Payload too large", "The request body is too large.");
      case 414 ->
          new ApiException(414, "uri_too_long", "URI too long", "The request target is too long.");
      case 415 ->
          new ApiException(
              415,
              "unsupported_media_type",
              "Unsupported media type",
              "This content type is not accepted here; send application/json.");
      case 431 ->
          new ApiException(
              431,
              "headers_too_large",
              "Request headers too large",
              "The request's headers are too large.");
      case 503 ->
          new ApiException(
              503, "service_unavailable", "Service unavailable", "Try again in a moment.");
      default -> {
        if (status >= 500) {
          yield new ApiException(
              500, "internal_error", "Internal server error", "An unexpected error occurred.");
        }
        yield new ApiException(
            status, "http_" + status, "Request error", "The request could not be processed.");
      }
    };
  }
}
