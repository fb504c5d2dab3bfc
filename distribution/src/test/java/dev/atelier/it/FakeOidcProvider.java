package dev.atelier.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenID Connect provider on loopback, in the test's JVM, for what mock-oauth2-server (the
 * provider of {@link OidcSignInIT}) cannot do: an ID token signed with a key the JWK set does not
 * hold, a rotation of its signing key, and UserInfo claims that the ID token lacks. Discovery, a
 * JWK set, the token endpoint (checking the client's credentials, sent form-encoded in Basic as RFC
 * 6749 says, the redirect URI and the PKCE verifier) and UserInfo.
 */
final class FakeOidcProvider implements AutoCloseable {

  /** How to spoil the ID token of a grant. */
  enum Forgery {
    NONE,
    BAD_SIGNATURE
  }

  /** What the provider answers for one authorization code. */
  record Grant(
      String clientId,
      String redirectUri,
      String nonce,
      String challenge,
      Map<String, Object> idClaims,
      Map<String, Object> userInfo,
      Forgery forgery) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;

  /** The keys the JWK set publishes, the last one signing. */
  private final List<RSAKey> keys = new CopyOnWriteArrayList<>();

  private final RSAKey otherKey;
  private final Map<String, String> clients;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> accessTokens = new ConcurrentHashMap<>();

  /** A provider that knows the clients {@code clients} (id to secret). */
  FakeOidcProvider(Map<String, String> clients) throws Exception {
    this.clients = Map.copyOf(clients);
    keys.add(new RSAKeyGenerator(2048).keyID("k1").generate());
    otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/.well-known/openid-configuration", this::discovery);
    server.createContext(
        "/jwks",
        ex ->
            send(
                ex,
                200,
                new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList()).toJSONObject()));
    server.createContext("/token", this::token);
    server.createContext("/userinfo", this::userinfo);
    server.start();
  }

  private RSAKey signing() {
    return keys.get(keys.size() - 1);
  }

  /**
   * Rotates the signing key as providers do: a new key with a new id is published beside the old
   * one and signs from now on.
   */
  void rotate() throws Exception {
    keys.add(new RSAKeyGenerator(2048).keyID("k" + (keys.size() + 1)).generate());
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * What the provider does when someone signs in at the URL of {@code authorizeLocation} (the
   * server's redirect): a code for a grant with these claims, to send to the server's callback.
   */
  String approve(
      URI authorizeLocation,
      Map<String, Object> idClaims,
      Map<String, Object> userInfo,
      Forgery forgery) {
    Map<String, String> q = query(authorizeLocation.getRawQuery());
    String code = "code-" + UUID.randomUUID();
    codes.put(
        code,
        new Grant(
            q.get("client_id"),
            q.get("redirect_uri"),
            q.get("nonce"),
            q.get("code_challenge"),
            idClaims,
            userInfo,
            forgery));
    return code;
  }

  private void discovery(HttpExchange ex) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer());
    doc.put("authorization_endpoint", issuer() + "/authorize");
    doc.put("token_endpoint", issuer() + "/token");
    doc.put("userinfo_endpoint", issuer() + "/userinfo");
    doc.put("jwks_uri", issuer() + "/jwks");
    doc.put("response_types_supported", new String[] {"code"});
    doc.put("subject_types_supported", new String[] {"public"});
    doc.put("id_token_signing_alg_values_supported", new String[] {"RS256"});
    doc.put("token_endpoint_auth_methods_supported", new String[] {"client_secret_basic"});
    send(ex, 200, doc);
  }

  private void token(HttpExchange ex) throws IOException {
    try {
      Map<String, String> form =
          query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Grant grant = codes.remove(form.getOrDefault("code", ""));
      if (grant == null
          || auth == null
          || !auth.startsWith("Basic ")
          || !"authorization_code".equals(form.get("grant_type"))) {
        send(ex, 400, Map.of("error", "invalid_grant"));
        return;
      }
      String[] cred =
          new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
              .split(":", 2);
      String client = URLDecoder.decode(cred[0], StandardCharsets.UTF_8);
      String secret = URLDecoder.decode(cred[1], StandardCharsets.UTF_8);
      String verifier = form.getOrDefault("code_verifier", "");
      String computed =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  MessageDigest.getInstance("SHA-256")
                      .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
      if (!client.equals(grant.clientId())
          || !secret.equals(clients.get(client))
          || !grant.redirectUri().equals(form.get("redirect_uri"))
          || !computed.equals(grant.challenge())) {
        send(ex, 400, Map.of("error", "invalid_grant"));
        return;
      }
      long now = System.currentTimeMillis();
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .issuer(issuer())
              .audience(client)
              .issueTime(new Date(now - 1000))
              .expirationTime(new Date(now + 300_000))
              .claim("nonce", grant.nonce());
      grant.idClaims().forEach(claims::claim);
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(
                      grant.forgery() == Forgery.BAD_SIGNATURE
                          ? otherKey.getKeyID()
                          : signing().getKeyID())
                  .build(),
              claims.build());
      jwt.sign(new RSASSASigner(grant.forgery() == Forgery.BAD_SIGNATURE ? otherKey : signing()));
      String access = "at-" + UUID.randomUUID();
      Map<String, Object> info = new HashMap<>(grant.userInfo());
      info.put("sub", grant.idClaims().get("sub"));
      accessTokens.put(access, info);
      send(
          ex,
          200,
          Map.of(
              "access_token",
              access,
              "token_type",
              "Bearer",
              "expires_in",
              300,
              "id_token",
              jwt.serialize()));
    } catch (Exception e) {
      send(ex, 500, Map.of("error", "server_error"));
    }
  }

  private void userinfo(HttpExchange ex) throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    Map<String, Object> info =
        auth == null || !auth.startsWith("Bearer ") ? null : accessTokens.get(auth.substring(7));
    if (info == null) {
      send(ex, 401, Map.of("error", "invalid_token"));
      return;
    }
    send(ex, 200, info);
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
