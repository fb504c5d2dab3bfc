package dev.atelier.core.accounts.providers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.atelier.core.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The providers' wire protocols over HTTP: OpenID Connect (discovery, the token endpoint, ID tokens
 * verified against the issuer's JWK set, which is refetched when a key is unknown, UserInfo) and
 * GitHub's OAuth app flow and REST API ({@code /user}, {@code /user/emails}).
 */
@ApplicationScoped
public class ProviderClient {

  private static final Logger LOG = Logger.getLogger(ProviderClient.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final Map<String, JsonNode> discovery = new ConcurrentHashMap<>();
  private final Map<String, JWKSource<SecurityContext>> keys = new ConcurrentHashMap<>();

  /** Where the browser goes to sign in at {@code p}. */
  String authorizationEndpoint(SignInProvider p) {
    return p.github() ? p.authorizeUrl() : endpoint(p, "authorization_endpoint");
  }

  /**
   * Trades {@code code} for the identity of who signed in: 401 {@code invalid_id_token} when the ID
   * token fails verification, 502 {@code provider_error} when the provider refuses or answers
   * nonsense, 503 {@code provider_unavailable} when it cannot be reached.
   */
  ProviderIdentity identify(
      SignInProvider p, String code, String verifier, String redirectUri, String nonce) {
    return p.github()
        ? github(p, code, verifier, redirectUri)
        : oidc(p, code, verifier, redirectUri, nonce);
  }

  private ProviderIdentity oidc(
      SignInProvider p, String code, String verifier, String redirectUri, String nonce) {
    JsonNode meta = metadata(p);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", verifier);
    form.put("client_id", p.clientId());
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri(endpoint(p, "token_endpoint")))
            .timeout(TIMEOUT)
            .header("Accept", "application/json")
            .header("Content-Type", "application/x-www-form-urlencoded");
    boolean basic = true;
    JsonNode methods = meta.path("token_endpoint_auth_methods_supported");
    if (methods.isArray()) {
      basic = false;
      for (JsonNode m : methods) {
        basic |= "client_secret_basic".equals(m.asText());
      }
    }
    if (basic) {
      String user = URLEncoder.encode(p.clientId(), StandardCharsets.UTF_8);
      String pass = URLEncoder.encode(p.clientSecret(), StandardCharsets.UTF_8);
      req.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_secret", p.clientSecret());
    }
    JsonNode token = send(p, req.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    String idToken = token.path("id_token").asText(null);
    String accessToken = token.path("access_token").asText(null);
    if (idToken == null || accessToken == null) {
      throw providerError(p, "The provider's token answer has no ID token.");
    }
    JWTClaimsSet claims = verify(p, meta, idToken, nonce);
    Map<String, Object> merged = new HashMap<>(claims.getClaims());
    String userinfo = meta.path("userinfo_endpoint").asText(null);
    if (userinfo != null && !userinfo.isBlank()) {
      JsonNode info =
          send(
              p,
              HttpRequest.newBuilder(uri(userinfo))
                  .timeout(TIMEOUT)
                  .header("Accept", "application/json")
                  .header("Authorization", "Bearer " + accessToken)
                  .GET());
      Map<String, Object> infoClaims =
          JSON.convertValue(info, new TypeReference<Map<String, Object>>() {});
      if (!claims.getSubject().equals(infoClaims.get("sub"))) {
        throw providerError(p, "UserInfo describes another subject than the ID token.");
      }
      merged.putAll(infoClaims);
    }
    Object verified = merged.get("email_verified");
    return new ProviderIdentity(
        claims.getSubject(),
        merged.get("email") instanceof String e ? e : null,
        Boolean.TRUE.equals(verified) || "true".equals(verified),
        merged.get("name") instanceof String n ? n : null,
        merged);
  }

  private JWTClaimsSet verify(SignInProvider p, JsonNode meta, String idToken, String nonce) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, jwks(p, meta)));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            p.clientId(),
            new JWTClaimsSet.Builder().claim("nonce", nonce).build(),
            Set.of("iss", "sub", "exp", "iat")));
    try {
      JWTClaimsSet claims = processor.process(idToken, null);
      if (!p.issuers().contains(claims.getIssuer())) {
        throw new BadJWTException("JWT iss claim has value " + claims.getIssuer());
      }
      return claims;
    } catch (KeySourceException e) {
      LOG.log(Level.WARNING, "The keys of sign-in provider '" + p.id() + "' are unreachable", e);
      throw unavailable(p);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      LOG.info("ID token of sign-in provider '" + p.id() + "' refused: " + e.getMessage());
      throw new ApiException(
          401,
          "invalid_id_token",
          "Unauthorized",
          "The provider's ID token is not valid for this server (signature, issuer, audience,"
              + " expiry or nonce).");
    }
  }

  private JWKSource<SecurityContext> jwks(SignInProvider p, JsonNode meta) {
    String url = meta.path("jwks_uri").asText(null);
    if (url == null) {
      throw providerError(p, "The provider's discovery document names no JWK set.");
    }
    return keys.computeIfAbsent(
        url,
        u -> {
          try {
            return JWKSourceBuilder.create(URI.create(u).toURL()).retrying(true).build();
          } catch (IOException | IllegalArgumentException e) {
            throw providerError(p, "The provider's JWK set URL is not valid.");
          }
        });
  }

  private JsonNode metadata(SignInProvider p) {
    JsonNode known = discovery.get(p.issuer());
    if (known != null) {
      return known;
    }
    JsonNode meta =
        send(
            p,
            HttpRequest.newBuilder(uri(p.issuer() + "/.well-known/openid-configuration"))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET());
    String issuer = meta.path("issuer").asText("");
    if (!issuer.equals(p.issuer()) && !issuer.equals(p.issuer() + "/")) {
      throw providerError(p, "The provider's discovery document names another issuer.");
    }
    discovery.put(p.issuer(), meta);
    return meta;
  }

  private String endpoint(SignInProvider p, String name) {
    String url = metadata(p).path(name).asText(null);
    if (url == null || url.isBlank()) {
      throw providerError(p, "The provider's discovery document has no " + name + ".");
    }
    return url;
  }

  private ProviderIdentity github(
      SignInProvider p, String code, String verifier, String redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", p.clientId());
    form.put("client_secret", p.clientSecret());
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    form.put("code_verifier", verifier);
    JsonNode token =
        send(
            p,
            HttpRequest.newBuilder(uri(p.tokenUrl()))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
    String accessToken = token.path("access_token").asText(null);
    if (accessToken == null) {
      throw providerError(
          p, "GitHub refused the code: " + token.path("error").asText("no access token") + ".");
    }
    JsonNode user = send(p, githubGet(p, "/user", accessToken));
    JsonNode emails = send(p, githubGet(p, "/user/emails", accessToken));
    if (!user.path("id").canConvertToLong() || !emails.isArray()) {
      throw providerError(p, "GitHub's account answer is not understood.");
    }
    String email = null;
    boolean verified = false;
    for (JsonNode e : emails) {
      if (e.path("primary").asBoolean(false)) {
        email = e.path("email").asText(null);
        verified = e.path("verified").asBoolean(false);
      }
    }
    Map<String, Object> claims = JSON.convertValue(user, new TypeReference<>() {});
    String name = user.path("name").asText("");
    return new ProviderIdentity(
        Long.toString(user.path("id").asLong()),
        email,
        verified,
        name.isBlank() ? user.path("login").asText(null) : name,
        claims);
  }

  private HttpRequest.Builder githubGet(SignInProvider p, String path, String accessToken) {
    return HttpRequest.newBuilder(uri(p.apiUrl() + path))
        .timeout(TIMEOUT)
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .header("User-Agent", "Atelier")
        .header("Authorization", "Bearer " + accessToken)
        .GET();
  }

  /** Sends a request to the provider and reads its JSON answer. */
  private JsonNode send(SignInProvider p, HttpRequest.Builder request) {
    HttpResponse<String> res;
    try {
      res = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "Sign-in provider '" + p.id() + "' is unreachable", e);
      throw unavailable(p);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(p);
    }
    if (res.statusCode() >= 500) {
      LOG.warning("Sign-in provider '" + p.id() + "' answered " + res.statusCode());
      throw unavailable(p);
    }
    JsonNode body;
    try {
      body = JSON.readTree(res.body());
    } catch (IOException e) {
      body = null;
    }
    if (res.statusCode() / 100 != 2 || body == null || !(body.isObject() || body.isArray())) {
      LOG.info(
          "Sign-in provider '"
              + p.id()
              + "' refused "
              + res.request().uri().getPath()
              + ": "
              + res.statusCode());
      throw providerError(p, "The provider refused the sign-in (" + res.statusCode() + ").");
    }
    return body;
  }

  private static URI uri(String url) {
    return URI.create(url);
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static ApiException providerError(SignInProvider p, String detail) {
    return new ApiException(502, "provider_error", "Bad Gateway", detail);
  }

  static ApiException unavailable(SignInProvider p) {
    return new ApiException(
        503,
        "provider_unavailable",
        "Service Unavailable",
        "The sign-in provider '" + p.name() + "' cannot be reached; try again later.",
        List.of(),
        Map.of("Retry-After", "30"));
  }
}
