package dev.atelier.core.security;

import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.plugin.api.http.OutboundHttp;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Outbound HTTP to URLs that users give the server (provider base URLs, webhooks, deployment
 * targets): one shared client that follows no redirects, behind a check that refuses hosts
 * resolving to loopback, private, link-local, unique-local, carrier-grade NAT, multicast or
 * unspecified addresses, unless the operator allows them ({@code atelier.outbound.allow-private}).
 */
@ApplicationScoped
public class OutboundGuard implements OutboundHttp {

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Inject AtelierConfig config;

  @Override
  public URI check(String field, String url) {
    URI uri;
    try {
      uri = url == null ? null : new URI(url.trim());
    } catch (URISyntaxException e) {
      uri = null;
    }
    String scheme =
        uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null) {
      throw refused(field, "must be an absolute http or https URL");
    }
    if (uri.getUserInfo() != null) {
      throw refused(field, "must not carry credentials");
    }
    if (!config.outboundAllowPrivate()) {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(uri.getHost());
      } catch (UnknownHostException e) {
        throw refused(field, "names a host that does not resolve");
      }
      for (InetAddress a : addresses) {
        if (isInternal(a)) {
          throw refused(
              field,
              "points to a private or loopback address; an operator can allow these with"
                  + " ATELIER_OUTBOUND_ALLOW_PRIVATE=true");
        }
      }
    }
    return uri;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    check("url", request.uri().toString());
    return client.send(request, handler);
  }

  /** Whether {@code a} is an address no user-given URL may reach by default. */
  public static boolean isInternal(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this" network
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      int first = b[0] & 0xff;
      if ((first & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      boolean mapped = true; // ::ffff:a.b.c.d
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static ProblemException refused(String field, String message) {
    return new ProblemException(
        422,
        "url_not_allowed",
        "URL not allowed",
        field + ": " + message + ".",
        java.util.List.of(new dev.atelier.plugin.api.web.FieldError(field, message)),
        java.util.Map.of());
  }
}
