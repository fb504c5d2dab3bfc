package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through a real Keycloak (the optional {@code -Pkeycloak} profile, which unpacks {@code
 * org.keycloak:keycloak-quarkus-dist} under target/ and names it in {@code
 * atelier.test.keycloak.home}; skipped without it). Keycloak runs {@code kc.sh start-dev} on a free
 * port with the realm of {@code keycloak/atelier-realm.json} (a confidential client, two users with
 * passwords, realm roles put in a {@code groups} claim of the ID token and UserInfo); the test
 * plays the browser with the JDK's HttpClient: Atelier's authorize, Keycloak's login form filled in
 * and posted, back to Atelier's callback.
 */
class KeycloakSignInIT {

  private static final String SLUG = "kc-" + UUID.randomUUID().toString().substring(0, 6);

  private static Process keycloak;
  private static String issuer;
  private static String db;
  private static AtelierServer.Running server;
  private static String tenantId;

  @BeforeAll
  static void start() throws Exception {
    String home = System.getProperty("atelier.test.keycloak.home", "");
    assumeTrue(
        !home.isBlank() && Files.isDirectory(Path.of(home)),
        "Keycloak is not unpacked: run with -Pkeycloak");
    Path kc = Path.of(home);
    Path imports = Files.createDirectories(kc.resolve("data/import"));
    try (InputStream realm =
        KeycloakSignInIT.class.getResourceAsStream("/keycloak/atelier-realm.json")) {
      Files.copy(realm, imports.resolve("atelier-realm.json"), StandardCopyOption.REPLACE_EXISTING);
    }
    int port = freePort();
    issuer = "http://127.0.0.1:" + port + "/realms/atelier";
    Path log = kc.resolve("keycloak-" + port + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                kc.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-port=" + port,
                "--http-management-port=" + freePort(),
                "--hostname=http://127.0.0.1:" + port,
                "--import-realm")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Keycloak needs Java 21 or later: the JDK that runs the tests
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Instant started = Instant.now();
    keycloak = pb.start();
    awaitKeycloak(log);
    System.out.println(
        "Keycloak ready in " + Duration.between(started, Instant.now()).toSeconds() + " s");

    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_AUTH_OIDC_PROVIDERS", "keycloak");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_ISSUER", issuer);
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_CLIENT_ID", "atelier");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_CLIENT_SECRET", "atelier-keycloak-secret");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_NAME", "Keycloak");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_ROLE_CLAIM", "groups");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_ROLE_MAPPING", "atelier-admins=admin,atelier-ops=operator");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_ALLOWED_DOMAINS", "corp.example");
    env.put("ATELIER_AUTH_OIDC_KEYCLOAK_TENANT", SLUG);
    server = AtelierServer.launch("keycloak-sign-in", env, List.of("--nocluster"), db);
    Session root =
        Accounts.login(
            Api.at(server.baseUrl()), AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    Api.Res created = root.api().post("/api/v1/tenants", Map.of("name", "Keycloak", "slug", SLUG));
    assertEquals(201, created.status(), created.toString());
    tenantId = created.json().path("id").asText();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits (at most five minutes) until the realm's discovery document answers. */
  private static void awaitKeycloak(Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(deadline)) {
      if (!keycloak.isAlive()) {
        throw new IllegalStateException("Keycloak stopped; see " + log);
      }
      try {
        HttpResponse<Void> res =
            http.send(
                HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                    .build(),
                BodyHandlers.discarding());
        if (res.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Keycloak did not start in five minutes; see " + log);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (db != null) {
      AtelierServer.dropPgDatabase(db);
    }
    if (keycloak != null) {
      keycloak.destroy();
      if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
        keycloak.destroyForcibly();
      }
    }
  }

  private static final Pattern FORM_ACTION =
      Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"", Pattern.DOTALL);

  /**
   * The browser signs in at Keycloak as {@code username}: Atelier's authorize, Keycloak's login
   * form posted, and back to Atelier's callback, whose answer this is.
   */
  private static Api.Res signIn(String username, String password) throws Exception {
    Api api = Api.at(server.baseUrl());
    Api.Res authorize = api.get("/api/v1/auth/keycloak/authorize", "application/json", false);
    assertEquals(302, authorize.status(), authorize.toString());
    URI at = URI.create(authorize.header("Location"));
    assertTrue(at.toString().startsWith(issuer + "/protocol/openid-connect/auth?"), at.toString());

    HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> page =
        browser.send(HttpRequest.newBuilder(at).build(), BodyHandlers.ofString());
    assertEquals(200, page.statusCode(), page.body());
    Matcher action = FORM_ACTION.matcher(page.body());
    assertTrue(action.find(), page.body());
    String form =
        "username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&credentialId=";
    HttpResponse<String> posted =
        browser.send(
            HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Cookie", cookies(page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            BodyHandlers.ofString());
    assertEquals(302, posted.statusCode(), posted.body());
    URI back = URI.create(posted.headers().firstValue("Location").orElseThrow());
    assertTrue(
        back.toString().startsWith(server.baseUrl() + "/api/v1/auth/keycloak/callback?"),
        back.toString());
    return api.get(back.getRawPath() + "?" + back.getRawQuery(), "application/json", false);
  }

  /**
   * The cookies of the login page, to send with the form. Keycloak marks them {@code Secure} even
   * on http (browsers count loopback as a secure context); the JDK's CookieManager never sends such
   * cookies over http, so the test carries them itself.
   */
  private static String cookies(HttpResponse<?> page) {
    return page.headers().allValues("Set-Cookie").stream()
        .map(c -> c.contains(";") ? c.substring(0, c.indexOf(';')) : c)
        .collect(Collectors.joining("; "));
  }

  @Test
  void aKeycloakUserSignsInWithTheMappedRole() throws Exception {
    Api.Res res = signIn("ada", "ada-keycloak-password");
    assertEquals(200, res.status(), res.toString());
    assertEquals(tenantId, res.json().path("tenant_id").asText(), res.toString());
    Api me = Api.at(server.baseUrl()).withToken(res.json().path("access_token").asText());
    Api.Res user = me.get("/api/v1/users/me");
    assertEquals("ada@corp.example", user.json().path("user").path("email").asText(), user.text());
    assertTrue(user.json().path("user").path("email_verified").asBoolean(), user.text());
    Api.Res current = me.get("/api/v1/tenants/current");
    assertEquals("admin", current.json().path("role").asText(), current.toString());

    // the same Keycloak user signs in to the same account again
    Api.Res again = signIn("ada", "ada-keycloak-password");
    assertEquals(200, again.status(), again.toString());
    assertEquals(
        user.json().path("user").path("id").asText(),
        Api.at(server.baseUrl())
            .withToken(again.json().path("access_token").asText())
            .get("/api/v1/users/me")
            .json()
            .path("user")
            .path("id")
            .asText());
  }

  @Test
  void aKeycloakUserOffTheAllowListIsRefused() throws Exception {
    assertProblem(signIn("otto", "otto-keycloak-password"), 403, "sign_in_not_allowed");
  }
}
