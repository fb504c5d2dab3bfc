package dev.atelier.plugin.api.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Outbound HTTP for plugins: a shared JDK {@code HttpClient} behind a guard that refuses URLs whose
 * host resolves to a private, loopback, link-local or otherwise internal address, unless the
 * operator allows them ({@code ATELIER_OUTBOUND_ALLOW_PRIVATE=true}). Use it for every URL a user
 * can influence.
 *
 * @since 1.0.0
 */
public interface OutboundHttp {

  /**
   * Checks {@code url}: absolute {@code http} or {@code https}, with a host the guard allows.
   * Throws {@link dev.atelier.plugin.api.web.ProblemException} 422 {@code url_not_allowed} (field
   * {@code field}) otherwise.
   */
  URI check(String field, String url);

  /**
   * Sends {@code request} after checking its URI like {@link #check}; follows no redirects. A
   * refused address throws {@link dev.atelier.plugin.api.web.ProblemException} 422 {@code
   * url_not_allowed}.
   */
  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException;
}
