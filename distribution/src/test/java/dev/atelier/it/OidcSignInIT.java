package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.atelier.it.FakeOidcProvider.Forgery;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with OIDC providers, Google and GitHub over HTTP. The OpenID Connect provider is a real
 * one running in the test (mock-oauth2-server: discovery, authorize, token with PKCE, JWK set,
 * UserInfo; its interactive login off and the claims of each sign-in set by a token callback); the
 * browser is played by following its redirects. Google is that provider under Google's settings
 * (its issuer is configurable). What it cannot do, an ID token signed with a key it does not
 * publish and roles that only UserInfo names, comes from {@link FakeOidcProvider}. GitHub's OAuth
 * and REST API are on WireMock. Covered: the whole dance with state, nonce and PKCE, new accounts,
 * linking by a verified address only (never to an account with a chosen password), linking, listing
 * and unlinking while signed in, the allow-list, roles mapped and synced at every sign-in, refused
 * ID tokens (signature, audience, issuer, expiry, nonce), replayed and tampered states, a provider
 * that is down, the redirect with a one-time code or with the error, and a second factor still
 * asked for.
 */
class OidcSignInIT {

  private static final String CORP_SLUG =
      "corp-sso-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String APP = "http://app.example.test";

  /** The browser: sees each redirect instead of following it. */
  private static final HttpClient BROWSER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static MockOAuth2Server idp;
  private static FakeOidcProvider legacy;
  private static WireMockServer github;
  private static String db;
  private static AtelierServer.Running server;
  private static String corpTenantId;

  @BeforeAll
  static void start() throws Exception {
    // interactive login off: authorize answers with a code at once, with the queued claims
    idp =
        new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider()));
    idp.start(InetAddress.getByName("localhost"), 0);
    legacy = new FakeOidcProvider(Map.of("legacy-client", "legacy-secret:with&odd=chars"));
    github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    github.start();
    String gh = "http://127.0.0.1:" + github.port();
    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_AUTH_REDIRECT_ORIGINS", APP);
    env.put("ATELIER_AUTH_OIDC_PROVIDERS", "corp,open,legacy,down");
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    env.put("ATELIER_AUTH_OIDC_DOWN_ISSUER", "http://127.0.0.1:" + closed);
    env.put("ATELIER_AUTH_OIDC_DOWN_CLIENT_ID", "down-client");
    env.put("ATELIER_AUTH_OIDC_CORP_ISSUER", idp.issuerUrl("corp").toString());
    env.put("ATELIER_AUTH_OIDC_CORP_CLIENT_ID", "corp-client");
    env.put("ATELIER_AUTH_OIDC_CORP_CLIENT_SECRET", "corp-secret");
    env.put("ATELIER_AUTH_OIDC_CORP_NAME", "Corp SSO");
    env.put("ATELIER_AUTH_OIDC_CORP_ROLE_CLAIM", "groups");
    env.put("ATELIER_AUTH_OIDC_CORP_ROLE_MAPPING", "atelier-admins=admin,atelier-ops=operator");
    env.put("ATELIER_AUTH_OIDC_CORP_ALLOWED_DOMAINS", "corp.example");
    env.put("ATELIER_AUTH_OIDC_CORP_TENANT", CORP_SLUG);
    env.put("ATELIER_AUTH_OIDC_OPEN_ISSUER", idp.issuerUrl("open").toString());
    env.put("ATELIER_AUTH_OIDC_OPEN_CLIENT_ID", "open-client");
    env.put("ATELIER_AUTH_OIDC_OPEN_CLIENT_SECRET", "open-secret");
    env.put("ATELIER_AUTH_OIDC_LEGACY_ISSUER", legacy.issuer());
    env.put("ATELIER_AUTH_OIDC_LEGACY_CLIENT_ID", "legacy-client");
    env.put("ATELIER_AUTH_OIDC_LEGACY_CLIENT_SECRET", "legacy-secret:with&odd=chars");
    env.put("ATELIER_AUTH_OIDC_LEGACY_ROLE_CLAIM", "realm_access.roles");
    env.put("ATELIER_AUTH_OIDC_LEGACY_ROLE_MAPPING", "atelier-ops=operator");
    env.put("ATELIER_AUTH_OIDC_LEGACY_TENANT", CORP_SLUG);
    env.put("ATELIER_AUTH_GOOGLE_CLIENT_ID", "google-client.apps.googleusercontent.com");
    env.put("ATELIER_AUTH_GOOGLE_CLIENT_SECRET", "google-secret");
    env.put("ATELIER_AUTH_GOOGLE_ISSUER", idp.issuerUrl("google").toString());
    env.put("ATELIER_AUTH_GITHUB_CLIENT_ID", "gh-client");
    env.put("ATELIER_AUTH_GITHUB_CLIENT_SECRET", "gh-secret");
    env.put("ATELIER_AUTH_GITHUB_AUTHORIZE_URL", gh + "/login/oauth/authorize");
    env.put("ATELIER_AUTH_GITHUB_TOKEN_URL", gh + "/login/oauth/access_token");
    env.put("ATELIER_AUTH_GITHUB_API_URL", gh + "/api");
    server = AtelierServer.launch("oidc-sign-in", env, List.of("--nocluster"), db);
    Session root = Accounts.login(anon(), AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    Api.Res created = root.api().post("/api/v1/tenants", Map.of("name", "Corp", "slug", CORP_SLUG));
    assertEquals(201, created.status(), created.toString());
    corpTenantId = created.json().path("id").asText();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (db != null) {
      AtelierServer.dropPgDatabase(db);
    }
    if (github != null) {
      github.stop();
    }
    if (idp != null) {
      idp.shutdown();
    }
    if (legacy != null) {
      legacy.close();
    }
  }

  private static Api anon() {
    return Api.at(server.baseUrl());
  }

  private static String email(String hint, String domain) {
    return hint + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
  }

  /** GET authorize without following: the provider's URL the browser is sent to. */
  private static URI authorize(Api api, String provider, String redirectUri) {
    String path = "/api/v1/auth/" + provider + "/authorize";
    if (redirectUri != null) {
      path += "?redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8);
    }
    Api.Res res = api.get(path, "application/json", false);
    assertEquals(302, res.status(), res.toString());
    return URI.create(res.header("Location"));
  }

  private static Api.Res callback(Api api, String provider, String code, String state) {
    return api.get(
        "/api/v1/auth/"
            + provider
            + "/callback?code="
            + URLEncoder.encode(code, StandardCharsets.UTF_8)
            + "&state="
            + URLEncoder.encode(state, StandardCharsets.UTF_8),
        "application/json",
        false);
  }

  private static Map<String, Object> claims(String sub, String email, boolean verified) {
    Map<String, Object> c = new HashMap<>();
    c.put("sub", sub);
    c.put("email", email);
    c.put("email_verified", verified);
    c.put("name", "Signed In");
    return c;
  }

  /**
   * The browser at a provider's URL {@code at}: where the provider sends it back
   * (mock-oauth2-server answers its authorize at once, with a code and the state).
   */
  private static URI visit(URI at) {
    try {
      HttpResponse<Void> res =
          BROWSER.send(HttpRequest.newBuilder(at).GET().build(), BodyHandlers.discarding());
      assertEquals(302, res.statusCode(), at.toString());
      return at.resolve(res.headers().firstValue("Location").orElseThrow());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Signs in at the provider's authorize URL {@code at} as {@code claims} say (for mock issuer
   * {@code issuerId}, its tokens valid for {@code seconds}): where the browser is sent back. Only
   * for flows whose callback trades the code: the claims wait in the provider's queue until then.
   */
  private static URI approve(String issuerId, URI at, Map<String, Object> claims, long seconds) {
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            issuerId, (String) claims.get("sub"), "JWT", List.of(), claims, seconds));
    return visit(at);
  }

  /** The browser back at this server's callback {@code url}: its answer. */
  private static Api.Res back(Api api, URI url) {
    return api.get(url.getRawPath() + "?" + url.getRawQuery(), "application/json", false);
  }

  /** A whole sign-in at mock provider {@code provider} with these claims: the callback's answer. */
  private static Api.Res signIn(Api api, String provider, Map<String, Object> claims) {
    return back(api, approve(provider, authorize(api, provider, null), claims, 300));
  }

  private static Map<String, String> query(URI uri) {
    return FakeOidcProvider.query(uri.getRawQuery());
  }

  private static JsonNode me(String accessToken) {
    Api.Res me = anon().withToken(accessToken).get("/api/v1/users/me");
    assertEquals(200, me.status(), me.toString());
    return me.json();
  }

  /** Asserts that nobody has the address {@code address}: it still registers. */
  private static void assertNoAccount(String address, String why) {
    Api.Res reg =
        anon()
            .post(
                "/api/v1/auth/register",
                Map.of("email", address, "password", Accounts.PASSWORD, "name", "Nobody"));
    assertEquals(201, reg.status(), why + ": " + reg);
  }

  @Test
  void providersAreListedAndUnknownOnesAre404() {
    Api.Res res = anon().get("/api/v1/auth/providers");
    assertEquals(200, res.status(), res.toString());
    Map<String, String> kinds = new HashMap<>();
    res.json().forEach(p -> kinds.put(p.path("id").asText(), p.path("kind").asText()));
    assertEquals(
        Map.of(
            "github", "github",
            "google", "google",
            "corp", "oidc",
            "open", "oidc",
            "legacy", "oidc",
            "down", "oidc"),
        kinds);
    assertEquals("Corp SSO", res.json().get(2).path("name").asText(), res.toString());
    Api.Res config = anon().get("/api/v1/config");
    assertTrue(config.text().contains("\"provider:corp\""), config.toString());
    assertProblem(
        anon().get("/api/v1/auth/nosuch/authorize", "application/json", false),
        404,
        "unknown_provider");
    assertProblem(
        anon().get("/api/v1/auth/nosuch/callback?code=a&state=b", "application/json", false),
        404,
        "unknown_provider");
  }

  @Test
  void aProviderThatCannotBeReachedIs503() {
    assertProblem(
        anon().get("/api/v1/auth/down/authorize", "application/json", false),
        503,
        "provider_unavailable");
  }

  @Test
  void theWholeDanceCreatesAnAccountAndTheStateIsSingleUse() {
    Api api = anon();
    URI at = authorize(api, "open", null);
    assertTrue(at.toString().startsWith(idp.authorizationEndpointUrl("open") + "?"), at.toString());
    Map<String, String> q = query(at);
    assertEquals("open-client", q.get("client_id"));
    assertEquals("code", q.get("response_type"));
    assertEquals("S256", q.get("code_challenge_method"));
    assertTrue(q.get("scope").contains("openid"), q.toString());
    assertTrue(q.get("state").length() >= 32 && q.get("nonce").length() >= 32, q.toString());
    assertTrue(q.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), q.toString());
    assertEquals(server.baseUrl() + "/api/v1/auth/open/callback", q.get("redirect_uri"));

    String address = email("new", "example.org");
    String sub = UUID.randomUUID().toString();
    URI callback = approve("open", at, claims(sub, address, true), 300);
    assertEquals(q.get("state"), query(callback).get("state"), callback.toString());
    Api.Res res = back(api, callback);
    assertEquals(200, res.status(), res.toString());
    assertFalse(res.json().path("mfa_required").asBoolean(), res.toString());
    JsonNode me = me(res.json().path("access_token").asText());
    assertEquals(address, me.path("user").path("email").asText(), me.toString());
    assertTrue(me.path("user").path("email_verified").asBoolean(), me.toString());
    String userId = me.path("user").path("id").asText();

    // the state was used: the same callback again is refused
    assertProblem(back(api, callback), 400, "invalid_state");
    // a state of another provider is not this one's
    URI other = visit(authorize(api, "corp", null));
    assertProblem(
        callback(api, "open", query(other).get("code"), query(other).get("state")),
        400,
        "invalid_state");
    // a state changed on the way back is unknown
    URI tampered = visit(authorize(api, "open", null));
    assertProblem(
        callback(api, "open", query(tampered).get("code"), query(tampered).get("state") + "x"),
        400,
        "invalid_state");
    assertProblem(callback(api, "open", "x", "made-up"), 400, "invalid_state");

    // the same subject signs in to the same account again
    Api.Res again = signIn(api, "open", claims(sub, address, true));
    assertEquals(200, again.status(), again.toString());
    assertEquals(
        userId, me(again.json().path("access_token").asText()).path("user").path("id").asText());
  }

  @Test
  void googleSignsInWithAVerifiedAddressOnly() {
    Api api = anon();
    URI at = authorize(api, "google", null);
    assertTrue(
        at.toString().startsWith(idp.authorizationEndpointUrl("google") + "?"), at.toString());
    assertEquals("google-client.apps.googleusercontent.com", query(at).get("client_id"));
    assertEquals("openid email profile", query(at).get("scope"));
    String address = email("gmail", "example.org");
    Map<String, Object> claims = claims("1045" + System.nanoTime(), address, true);
    claims.put("hd", "example.org");
    Api.Res res = back(api, approve("google", at, claims, 300));
    assertEquals(200, res.status(), res.toString());
    assertEquals(
        address, me(res.json().path("access_token").asText()).path("user").path("email").asText());

    // Google's ID tokens may name its issuer without the scheme (SignInProvidersTest); mock-oauth2-
    // server cannot issue such a token (its UserInfo refuses the access token of that issuer). Any
    // other provider's token with it is refused:
    String other = email("bare-iss-open", "example.org");
    Map<String, Object> openBare = claims(UUID.randomUUID().toString(), other, true);
    openBare.put("iss", idp.issuerUrl("open").toString().replaceFirst("^https?://", ""));
    assertProblem(signIn(api, "open", openBare), 401, "invalid_id_token");

    String unverified = email("unverified", "example.org");
    assertProblem(
        signIn(api, "google", claims("1046" + System.nanoTime(), unverified, false)),
        403,
        "email_not_verified");
    assertNoAccount(unverified, "an unverified Google address");
  }

  @Test
  void aPasswordAccountIsNotLinkedByAddressAProviderCreatedOneIs() {
    Session ada = Accounts.newUser(anon(), "ada");
    String sub = UUID.randomUUID().toString();
    Api.Res refused = signIn(anon(), "open", claims(sub, ada.email(), false));
    assertProblem(refused, 403, "email_not_verified");
    // a verified address does not link an account whose owner chose a password
    Api.Res conflict = signIn(anon(), "open", claims(sub, ada.email(), true));
    assertProblem(conflict, 409, "link_requires_sign_in");
    assertTrue(conflict.text().contains("sign in with your password"), conflict.toString());
    Api.Res none = ada.api().get("/api/v1/users/me/identities");
    assertEquals(200, none.status(), none.toString());
    assertEquals(0, none.json().size(), none.toString());

    // an account a provider created (no chosen password) links another provider by address
    String address = email("sso", "corp.example");
    Api.Res created = signIn(anon(), "open", claims(UUID.randomUUID().toString(), address, true));
    assertEquals(200, created.status(), created.toString());
    String userId =
        me(created.json().path("access_token").asText()).path("user").path("id").asText();
    Api.Res linked = signIn(anon(), "corp", claims(UUID.randomUUID().toString(), address, true));
    assertEquals(200, linked.status(), linked.toString());
    String token = linked.json().path("access_token").asText();
    assertEquals(userId, me(token).path("user").path("id").asText());
    Api.Res both = anon().withToken(token).get("/api/v1/users/me/identities");
    assertEquals(200, both.status(), both.toString());
    assertEquals(2, both.json().size(), both.toString());
    assertEquals("corp", both.json().get(0).path("provider").asText(), both.toString());
    assertEquals("open", both.json().get(1).path("provider").asText(), both.toString());
    // the link is recorded in the account's workspace trail
    Api.Res trail =
        anon()
            .withToken(created.json().path("access_token").asText())
            .get("/api/v1/audit-events?action=user.identity_linked");
    assertEquals(200, trail.status(), trail.toString());
    assertTrue(trail.text().contains("user.identity_linked"), trail.toString());
  }

  /** Starts linking {@code provider} as {@code api}'s user: the authorize URL. */
  private static URI startLink(Api api, String provider, Map<String, Object> body) {
    Api.Res res = api.post("/api/v1/users/me/identities/" + provider, body);
    assertEquals(200, res.status(), res.toString());
    return URI.create(res.json().path("authorize_url").asText());
  }

  private static Api.Res link(Api api, String provider, Map<String, Object> claims) {
    return back(anon(), approve(provider, startLink(api, provider, Map.of()), claims, 300));
  }

  @Test
  void aSignedInUserLinksListsAndUnlinksAProvider() {
    Session ada = Accounts.newUser(anon(), "ada");
    Session carl = Accounts.newUser(anon(), "carl");
    String sub = UUID.randomUUID().toString();
    // the provider's address need not be the account's, nor verified: the session proves the owner
    URI at = startLink(ada.api(), "open", Map.of());
    Map<String, String> q = query(at);
    assertTrue(at.toString().startsWith(idp.authorizationEndpointUrl("open") + "?"), at.toString());
    assertEquals(server.baseUrl() + "/api/v1/auth/open/callback", q.get("redirect_uri"));
    String other = email("ada-elsewhere", "example.org");
    URI callback = approve("open", at, claims(sub, other, false), 300);
    Api.Res linked = back(anon(), callback);
    assertEquals(200, linked.status(), linked.toString());
    assertEquals("open", linked.json().path("provider").asText(), linked.toString());
    assertEquals(sub, linked.json().path("subject").asText(), linked.toString());
    assertFalse(linked.json().has("access_token"), linked.toString());
    // the state was used
    assertProblem(back(anon(), callback), 400, "invalid_state");

    Api.Res list = ada.api().get("/api/v1/users/me/identities");
    assertEquals(200, list.status(), list.toString());
    assertEquals(1, list.json().size(), list.toString());
    JsonNode identity = list.json().get(0);
    assertEquals("open", identity.path("provider").asText());
    assertEquals(sub, identity.path("subject").asText());
    assertEquals(other, identity.path("email").asText());
    assertFalse(identity.path("linked_at").asText().isEmpty(), identity.toString());
    // the linked identity now signs in to ada's account
    Api.Res signedIn = signIn(anon(), "open", claims(sub, other, true));
    assertEquals(200, signedIn.status(), signedIn.toString());
    assertEquals(
        ada.userId(),
        me(signedIn.json().path("access_token").asText()).path("user").path("id").asText());

    // carl cannot take ada's identity, sees none of hers and cannot unlink it
    assertProblem(link(carl.api(), "open", claims(sub, other, true)), 409, "identity_taken");
    Api.Res carls = carl.api().get("/api/v1/users/me/identities");
    assertEquals(0, carls.json().size(), carls.toString());
    assertProblem(carl.api().delete("/api/v1/users/me/identities/open"), 404, "identity_not_found");
    // ada cannot link a second identity at the same provider
    assertProblem(
        link(ada.api(), "open", claims(UUID.randomUUID().toString(), other, true)),
        409,
        "provider_already_linked");
    // linking the same identity again changes nothing
    assertEquals(200, link(ada.api(), "open", claims(sub, other, true)).status());

    // with a redirect_uri the browser goes back to the client, on success and on error
    URI start = startLink(carl.api(), "open", Map.of("redirect_uri", APP + "/settings"));
    Api.Res taken = back(anon(), approve("open", start, claims(sub, other, true), 300));
    assertEquals(302, taken.status(), taken.toString());
    assertEquals(APP + "/settings?error=identity_taken", taken.header("Location"));
    URI again = startLink(carl.api(), "open", Map.of("redirect_uri", APP + "/settings"));
    String carlSub = UUID.randomUUID().toString();
    Api.Res redirect =
        back(anon(), approve("open", again, claims(carlSub, carl.email(), true), 300));
    assertEquals(302, redirect.status(), redirect.toString());
    assertEquals(APP + "/settings?linked=open", redirect.header("Location"));

    // ada unlinks: her password still signs in, so it is allowed
    Api.Res gone = ada.api().delete("/api/v1/users/me/identities/open");
    assertEquals(204, gone.status(), gone.toString());
    assertEquals(0, ada.api().get("/api/v1/users/me/identities").json().size());
    assertProblem(ada.api().delete("/api/v1/users/me/identities/open"), 404, "identity_not_found");
    Api.Res trail = ada.api().get("/api/v1/audit-events?action=user.identity_unlinked");
    assertEquals(200, trail.status(), trail.toString());
    assertTrue(trail.text().contains("user.identity_unlinked"), trail.toString());
    // the unlinked identity no longer signs in to ada's account: her address has a password
    assertEquals(
        200, signIn(anon(), "open", claims(sub, email("new", "example.org"), true)).status());
  }

  @Test
  void unlinkingTheOnlyWayToSignInIsRefused() {
    String address = email("only", "corp.example");
    Api.Res created = signIn(anon(), "open", claims(UUID.randomUUID().toString(), address, true));
    assertEquals(200, created.status(), created.toString());
    Api api = anon().withToken(created.json().path("access_token").asText());
    assertProblem(api.delete("/api/v1/users/me/identities/open"), 409, "last_sign_in_method");
    assertEquals(1, api.get("/api/v1/users/me/identities").json().size());
    // with a second identity linked, the first may go
    Api.Res corp = link(api, "corp", claims(UUID.randomUUID().toString(), address, true));
    assertEquals(200, corp.status(), corp.toString());
    assertEquals(204, api.delete("/api/v1/users/me/identities/open").status());
    assertProblem(api.delete("/api/v1/users/me/identities/corp"), 409, "last_sign_in_method");
  }

  @Test
  void linkingChecksTheProviderAndTheCaller() {
    Session dan = Accounts.newUser(anon(), "dan");
    assertProblem(
        dan.api().post("/api/v1/users/me/identities/nosuch", Map.of()), 404, "unknown_provider");
    assertProblem(
        dan.api().post("/api/v1/users/me/identities/Bad_Id!", Map.of()), 404, "unknown_provider");
    assertProblem(
        dan.api().delete("/api/v1/users/me/identities/Bad_Id!"), 404, "identity_not_found");
    assertProblem(
        dan.api()
            .post(
                "/api/v1/users/me/identities/open",
                Map.of("redirect_uri", "https://evil.example/x")),
        400,
        "invalid_redirect_uri");
    assertEquals(401, anon().post("/api/v1/users/me/identities/open", Map.of()).status());
    assertEquals(401, anon().get("/api/v1/users/me/identities").status());
    assertEquals(401, anon().delete("/api/v1/users/me/identities/open").status());
    // the allow-list applies to linking too
    assertProblem(
        link(dan.api(), "corp", claims(UUID.randomUUID().toString(), dan.email(), true)),
        403,
        "sign_in_not_allowed");
  }

  @Test
  void theAllowListIsEnforcedAtSignIn() {
    String address = email("out", "elsewhere.example");
    Api.Res res = signIn(anon(), "corp", claims(UUID.randomUUID().toString(), address, true));
    assertProblem(res, 403, "sign_in_not_allowed");
    assertNoAccount(address, "an address off the allow-list");
  }

  private static String roleIn(Api.Res signedIn) {
    assertEquals(200, signedIn.status(), signedIn.toString());
    assertEquals(corpTenantId, signedIn.json().path("tenant_id").asText(), signedIn.toString());
    Api.Res current =
        anon()
            .withToken(signedIn.json().path("access_token").asText())
            .get("/api/v1/tenants/current");
    assertEquals(200, current.status(), current.toString());
    return current.json().path("role").asText();
  }

  @Test
  void rolesAreMappedFromTheClaimAndSyncedAtEverySignIn() {
    String sub = UUID.randomUUID().toString();
    String address = email("ops", "corp.example");
    Map<String, Object> claims = claims(sub, address, true);
    claims.put("groups", List.of("staff", "atelier-ops"));
    assertEquals("operator", roleIn(signIn(anon(), "corp", claims)));
    claims.put("groups", List.of("atelier-admins"));
    assertEquals("admin", roleIn(signIn(anon(), "corp", claims)));
    claims.put("groups", List.of());
    assertEquals("viewer", roleIn(signIn(anon(), "corp", claims)));
  }

  /** A whole sign-in at the in-test provider {@code legacy}: the callback's answer. */
  private static Api.Res signInLegacy(
      Map<String, Object> claims, Map<String, Object> userInfo, Forgery forgery) {
    Api api = anon();
    URI at = authorize(api, "legacy", null);
    String code = legacy.approve(at, claims, userInfo, forgery);
    return callback(api, "legacy", code, query(at).get("state"));
  }

  @Test
  void rolesThatOnlyUserInfoNamesAreMapped() {
    // mock-oauth2-server's UserInfo repeats the access token's claims; this provider names the
    // roles in UserInfo only, nested as Keycloak does
    Api.Res res =
        signInLegacy(
            claims(UUID.randomUUID().toString(), email("ops", "corp.example"), true),
            Map.of("realm_access", Map.of("roles", List.of("atelier-ops"))),
            Forgery.NONE);
    assertEquals("operator", roleIn(res));
  }

  @Test
  void aRotatedSigningKeyIsFetchedWhenATokenNamesIt() throws Exception {
    Map<String, Object> claims =
        claims(UUID.randomUUID().toString(), email("rotated", "corp.example"), true);
    assertEquals(200, signInLegacy(claims, Map.of(), Forgery.NONE).status());
    // the server holds the JWK set; a token signed with the new key names a key id it lacks
    legacy.rotate();
    Api.Res res = signInLegacy(claims, Map.of(), Forgery.NONE);
    assertEquals(200, res.status(), res.toString());
  }

  @Test
  void idTokensThatAreNotForThisServerAreRefusedAndCreateNothing() {
    // another audience, another issuer, expired
    List<Map.Entry<String, Object>> spoiled =
        List.of(Map.entry("aud", "someone-else"), Map.entry("iss", "https://evil.example"));
    for (Map.Entry<String, Object> claim : spoiled) {
      String address = email("forged", "example.org");
      Map<String, Object> claims = claims(UUID.randomUUID().toString(), address, true);
      claims.put(claim.getKey(), claim.getValue());
      assertProblem(signIn(anon(), "open", claims), 401, "invalid_id_token");
      assertNoAccount(address, claim.getKey());
    }
    String expired = email("expired", "example.org");
    Api api = anon();
    assertProblem(
        back(
            api,
            approve(
                "open",
                authorize(api, "open", null),
                claims(UUID.randomUUID().toString(), expired, true),
                -600)),
        401,
        "invalid_id_token");
    assertNoAccount(expired, "expired");

    // a nonce changed on the way to the provider comes back in the ID token
    String swapped = email("nonce", "example.org");
    URI at = authorize(api, "open", null);
    URI other =
        URI.create(at.toString().replace("nonce=" + query(at).get("nonce"), "nonce=another"));
    assertProblem(
        back(api, approve("open", other, claims(UUID.randomUUID().toString(), swapped, true), 300)),
        401,
        "invalid_id_token");
    assertNoAccount(swapped, "nonce");

    // signed with a key the provider does not publish
    String forged = email("forged", "example.org");
    assertProblem(
        signInLegacy(
            claims(UUID.randomUUID().toString(), forged, true), Map.of(), Forgery.BAD_SIGNATURE),
        401,
        "invalid_id_token");
    assertNoAccount(forged, "signature");
  }

  @Test
  void aRedirectCarriesAOneTimeCodeForTheExchangeOrTheError() {
    Api api = anon();
    assertProblem(
        api.get(
            "/api/v1/auth/open/authorize?redirect_uri="
                + URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8),
            "application/json",
            false),
        400,
        "invalid_redirect_uri");
    String address = email("spa", "example.org");
    Api.Res res =
        back(
            api,
            approve(
                "open",
                authorize(api, "open", APP + "/signed-in?from=sso"),
                claims(UUID.randomUUID().toString(), address, true),
                300));
    assertEquals(302, res.status(), res.toString());
    URI back = URI.create(res.header("Location"));
    assertTrue(back.toString().startsWith(APP + "/signed-in?from=sso&code=atx_"), back.toString());
    String oneTime = query(back).get("code");
    Api.Res tokens = api.post("/api/v1/auth/exchange", Map.of("code", oneTime));
    assertEquals(200, tokens.status(), tokens.toString());
    assertEquals(
        address,
        me(tokens.json().path("access_token").asText()).path("user").path("email").asText());
    assertProblem(api.post("/api/v1/auth/exchange", Map.of("code", oneTime)), 400, "invalid_code");
    assertProblem(
        api.post("/api/v1/auth/exchange", Map.of("code", "atx_nope")), 400, "invalid_code");
    assertInvalid(api.post("/api/v1/auth/exchange", Map.of()), "code");

    // once the state named the client, a failure sends the browser back there with the code
    String unverified = email("spa-unverified", "example.org");
    Api.Res refused =
        back(
            api,
            approve(
                "open",
                authorize(api, "open", APP + "/signed-in"),
                claims(UUID.randomUUID().toString(), unverified, false),
                300));
    assertEquals(302, refused.status(), refused.toString());
    assertEquals(APP + "/signed-in?error=email_not_verified", refused.header("Location"));
    assertNoAccount(unverified, "redirected with the error");
    // the provider's own error too
    URI cancelled = authorize(api, "open", APP + "/signed-in");
    Api.Res denied =
        api.get(
            "/api/v1/auth/open/callback?error=access_denied&state=" + query(cancelled).get("state"),
            "application/json",
            false);
    assertEquals(302, denied.status(), denied.toString());
    assertEquals(APP + "/signed-in?error=provider_error", denied.header("Location"));
    // without a known state there is no client to go back to: the problem itself
    assertProblem(
        api.get(
            "/api/v1/auth/open/callback?error=access_denied&state=nope", "application/json", false),
        400,
        "invalid_state");
  }

  @Test
  void anAccountWithTwoFactorStillGetsTheSecondStep() throws Exception {
    Session bob = Accounts.newUser(anon(), "bob");
    Api.Res started = bob.api().post("/api/v1/users/me/2fa/totp", Map.of());
    assertEquals(200, started.status(), started.toString());
    String secret = started.json().path("secret").asText();
    long step = TotpCodes.now();
    Api.Res confirmed =
        bob.api()
            .post(
                "/api/v1/users/me/2fa/totp/confirm", Map.of("code", TotpCodes.code(secret, step)));
    assertEquals(200, confirmed.status(), confirmed.toString());

    String sub = UUID.randomUUID().toString();
    Api.Res linked = link(bob.api(), "open", claims(sub, bob.email(), true));
    assertEquals(200, linked.status(), linked.toString());
    Api.Res res = signIn(anon(), "open", claims(sub, bob.email(), true));
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.json().path("mfa_required").asBoolean(), res.toString());
    assertTrue(res.json().path("access_token").isNull(), res.toString());
    Api.Res done =
        anon()
            .post(
                "/api/v1/auth/2fa/verify",
                Map.of(
                    "mfa_token",
                    res.json().path("mfa_token").asText(),
                    "method",
                    "recovery_code",
                    "code",
                    confirmed.json().path("recovery_codes").get(0).asText()));
    assertEquals(200, done.status(), done.toString());
    assertEquals(
        bob.userId(),
        me(done.json().path("access_token").asText()).path("user").path("id").asText());
  }

  @Test
  void gitHubSignsInWithThePrimaryVerifiedAddress() {
    String address = email("octo", "example.org");
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("client_secret=gh-secret"))
            .withRequestBody(containing("code=gh-good"))
            .withRequestBody(containing("code_verifier="))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"gho_good\",\"token_type\":\"bearer\",\"scope\":\"read:user,user:email\"}")));
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("code=gh-unverified"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"access_token\":\"gho_unverified\",\"token_type\":\"bearer\"}")));
    github.stubFor(
        get(urlPathEqualTo("/api/user"))
            .withHeader("Authorization", equalTo("Bearer gho_good"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"login\":\"octocat\",\"id\":583231,\"name\":\"The Octocat\"}")));
    github.stubFor(
        get(urlPathEqualTo("/api/user/emails"))
            .withHeader("Authorization", equalTo("Bearer gho_good"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"email\":\"old@example.org\",\"primary\":false,\"verified\":true,\"visibility\":null},"
                            + "{\"email\":\""
                            + address
                            + "\",\"primary\":true,\"verified\":true,\"visibility\":\"public\"}]")));
    github.stubFor(
        get(urlPathEqualTo("/api/user"))
            .withHeader("Authorization", equalTo("Bearer gho_unverified"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"login\":\"newbie\",\"id\":99,\"name\":null}")));
    github.stubFor(
        get(urlPathEqualTo("/api/user/emails"))
            .withHeader("Authorization", equalTo("Bearer gho_unverified"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"email\":\"newbie@example.org\",\"primary\":true,\"verified\":false,\"visibility\":null}]")));
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("code=gh-bad"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"bad_verification_code\"}")));

    Api api = anon();
    URI at = authorize(api, "github", null);
    assertTrue(
        at.toString().startsWith("http://127.0.0.1:" + github.port() + "/login/oauth/authorize?"),
        at.toString());
    String state = query(at).get("state");
    Api.Res res = callback(api, "github", "gh-good", state);
    assertEquals(200, res.status(), res.toString());
    JsonNode me = me(res.json().path("access_token").asText());
    assertEquals(address, me.path("user").path("email").asText(), me.toString());
    assertEquals("The Octocat", me.path("user").path("name").asText(), me.toString());

    URI at2 = authorize(api, "github", null);
    assertProblem(
        callback(api, "github", "gh-unverified", query(at2).get("state")),
        403,
        "email_not_verified");
    URI at3 = authorize(api, "github", null);
    assertProblem(
        callback(api, "github", "gh-bad", query(at3).get("state")), 502, "provider_error");
    assertNotEquals(null, me);
  }

  @Test
  void gitHubDownMidSignInIs503AndCreatesNothing() {
    String address = email("down", "example.org");
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .withRequestBody(containing("code=gh-down"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"access_token\":\"gho_down\",\"token_type\":\"bearer\"}")));
    github.stubFor(
        get(urlPathEqualTo("/api/user"))
            .withHeader("Authorization", equalTo("Bearer gho_down"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    github.stubFor(
        get(urlPathEqualTo("/api/user/emails"))
            .withHeader("Authorization", equalTo("Bearer gho_down"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "[{\"email\":\""
                            + address
                            + "\",\"primary\":true,\"verified\":true,\"visibility\":null}]")));
    Api api = anon();
    URI at = authorize(api, "github", null);
    assertProblem(
        callback(api, "github", "gh-down", query(at).get("state")), 503, "provider_unavailable");
    assertNoAccount(address, "GitHub down");
  }
}
