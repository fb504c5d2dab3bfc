package dev.atelier.core.security;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.ServletProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;

/**
 * The first thing every request meets, whatever it asks for: the request-line and header limits,
 * answered as problems (414 {@code uri_too_long}, 431 {@code headers_too_large}) rather than the
 * HTTP server's empty 400 (which still answers what is larger than its own buffer, 64 KiB on Payara
 * Micro); and the headers every response carries: {@code X-Content-Type-Options: nosniff} and
 * {@code Referrer-Policy: no-referrer}.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HttpGuard extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** The longest request target (path and query) accepted, in characters. */
  public static final int MAX_TARGET = 8192;

  /** The longest header value accepted, in characters. */
  public static final int MAX_HEADER = 8192;

  /** The most header bytes (names and values) of one request. */
  public static final int MAX_HEADERS = 32768;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    String query = request.getQueryString();
    int target = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
    if (target > MAX_TARGET) {
      ServletProblems.write(
          response,
          new ApiException(
              414,
              "uri_too_long",
              "URI too long",
              "The request's path and query are longer than " + MAX_TARGET + " characters."),
          null);
      return;
    }
    String tooLarge = headersTooLarge(request);
    if (tooLarge != null) {
      ServletProblems.write(
          response,
          new ApiException(431, "headers_too_large", "Request headers too large", tooLarge),
          request.getRequestURI());
      return;
    }
    try {
      chain.doFilter(request, response);
    } finally {
      Caller.forget(); // the thread serves another request next
    }
  }

  /** Why the request's headers are too large, or null when they are not. */
  static String headersTooLarge(HttpServletRequest request) {
    long total = 0;
    Enumeration<String> names = request.getHeaderNames();
    while (names != null && names.hasMoreElements()) {
      String name = names.nextElement();
      Enumeration<String> values = request.getHeaders(name);
      while (values.hasMoreElements()) {
        String value = values.nextElement();
        if (value.length() > MAX_HEADER) {
          return "The " + name + " header is longer than " + MAX_HEADER + " characters.";
        }
        total += name.length() + value.length() + 4;
      }
    }
    return total > MAX_HEADERS
        ? "The request's headers are larger than " + MAX_HEADERS + " bytes in all."
        : null;
  }
}
