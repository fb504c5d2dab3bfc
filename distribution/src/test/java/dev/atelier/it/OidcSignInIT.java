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
import dev.atelier.it.FakeOidcProvider.Forgery;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with OIDC providers and GitHub over HTTP, against an OpenID Connect provider running in
 * the test (discovery, JWK set, token endpoint, UserInfo; ID tokens signed with the test's own key)
 * and GitHub's OAuth and REST API on WireMock: the whole dance with state, nonce and PKCE, new
 * accounts, linking by a verified address only, the allow-list, roles read from UserInfo and synced
 * at every sign-in, forged ID tokens, replayed states, the redirect with a one-time code, and a
 * second factor still asked for.
 */
class OidcSignInIT {

  private static final String CORP_SLUG =
      "corp-sso-" + UUID.randomUUID().toString().substring(0, 6);
  private static final String APP = "http://app.example.test";

  private static FakeOidcProvider idp;
  private static WireMockServer github;
  private static String db;
  private static AtelierServer.Running server;
  private static String corpTenantId;

  @BeforeAll
  static void start() throws Exception {
    idp =
        new FakeOidcProvider(
            Map.of("corp-client", "corp-secret", "open-client", "open-secret:with&odd=chars"));
    github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    github.start();
    String gh = "http://127.0.0.1:" + github.port();
    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_AUTH_REDIRECT_ORIGINS", APP);
    env.put("ATELIER_AUTH_OIDC_PROVIDERS", "corp,open,down");
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    env.put("ATELIER_AUTH_OIDC_DOWN_ISSUER", "http://127.0.0.1:" + closed);
    env.put("ATELIER_AUTH_OIDC_DOWN_CLIENT_ID", "down-client");
    env.put("ATELIER_AUTH_OIDC_CORP_ISSUER", idp.issuer());
    env.put("ATELIER_AUTH_OIDC_CORP_CLIENT_ID", "corp-client");
    env.put("ATELIER_AUTH_OIDC_CORP_CLIENT_SECRET", "corp-secret");
    env.put("ATELIER_AUTH_OIDC_CORP_NAME", "Corp SSO");
    env.put("ATELIER_AUTH_OIDC_CORP_ROLE_CLAIM", "groups");
    env.put("ATELIER_AUTH_OIDC_CORP_ROLE_MAPPING", "atelier-admins=admin,atelier-ops=operator");
    env.put("ATELIER_AUTH_OIDC_CORP_ALLOWED_DOMAINS", "corp.example");
    env.put("ATELIER_AUTH_OIDC_CORP_TENANT", CORP_SLUG);
    env.put("ATELIER_AUTH_OIDC_OPEN_ISSUER", idp.issuer());
    env.put("ATELIER_AUTH_OIDC_OPEN_CLIENT_ID", "open-client");
    env.put("ATELIER_AUTH_OIDC_OPEN_CLIENT_SECRET", "open-secret:with&odd=chars");
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
      idp.close();
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

  /** A whole sign-in at {@code provider} with these claims: the callback's answer. */
  private static Api.Res signIn(
      Api api,
      String provider,
      Map<String, Object> idClaims,
      Map<String, Object> userInfo,
      Forgery forgery) {
    URI at = authorize(api, provider, null);
    String code = idp.approve(at, idClaims, userInfo, forgery);
    return callback(api, provider, code, FakeOidcProvider.query(at.getRawQuery()).get("state"));
  }

  private static JsonNode me(String accessToken) {
    Api.Res me = anon().withToken(accessToken).get("/api/v1/users/me");
    assertEquals(200, me.status(), me.toString());
    return me.json();
  }

  @Test
  void providersAreListedAndUnknownOnesAre404() {
    Api.Res res = anon().get("/api/v1/auth/providers");
    assertEquals(200, res.status(), res.toString());
    Map<String, String> kinds = new HashMap<>();
    res.json().forEach(p -> kinds.put(p.path("id").asText(), p.path("kind").asText()));
    assertEquals(Map.of("github", "github", "corp", "oidc", "open", "oidc", "down", "oidc"), kinds);
    assertEquals("Corp SSO", res.json().get(1).path("name").asText(), res.toString());
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
    assertTrue(at.toString().startsWith(idp.issuer() + "/authorize?"), at.toString());
    Map<String, String> q = FakeOidcProvider.query(at.getRawQuery());
    assertEquals("open-client", q.get("client_id"));
    assertEquals("code", q.get("response_type"));
    assertEquals("S256", q.get("code_challenge_method"));
    assertTrue(q.get("scope").contains("openid"), q.toString());
    assertTrue(q.get("state").length() >= 32 && q.get("nonce").length() >= 32, q.toString());
    assertTrue(q.get("code_challenge").matches("[A-Za-z0-9_-]{43}"), q.toString());
    assertEquals(server.baseUrl() + "/api/v1/auth/open/callback", q.get("redirect_uri"));

    String address = email("new", "example.org");
    String sub = UUID.randomUUID().toString();
    String code = idp.approve(at, claims(sub, address, true), Map.of(), Forgery.NONE);
    Api.Res res = callback(api, "open", code, q.get("state"));
    assertEquals(200, res.status(), res.toString());
    assertFalse(res.json().path("mfa_required").asBoolean(), res.toString());
    JsonNode me = me(res.json().path("access_token").asText());
    assertEquals(address, me.path("user").path("email").asText(), me.toString());
    assertTrue(me.path("user").path("email_verified").asBoolean(), me.toString());
    String userId = me.path("user").path("id").asText();

    // the state was used: the same callback again is refused
    String code2 = idp.approve(at, claims(sub, address, true), Map.of(), Forgery.NONE);
    assertProblem(callback(api, "open", code2, q.get("state")), 400, "invalid_state");
    // a state of another provider is not this one's
    URI other = authorize(api, "corp", null);
    assertProblem(
        callback(api, "open", "x", FakeOidcProvider.query(other.getRawQuery()).get("state")),
        400,
        "invalid_state");
    assertProblem(callback(api, "open", "x", "made-up"), 400, "invalid_state");

    // the same subject signs in to the same account again
    Api.Res again = signIn(api, "open", claims(sub, address, true), Map.of(), Forgery.NONE);
    assertEquals(200, again.status(), again.toString());
    assertEquals(
        userId, me(again.json().path("access_token").asText()).path("user").path("id").asText());
  }

  @Test
  void aVerifiedAddressLinksTheExistingAccountAnUnverifiedOneDoesNot() {
    Session ada = Accounts.newUser(anon(), "ada");
    String sub = UUID.randomUUID().toString();
    Api.Res refused =
        signIn(anon(), "open", claims(sub, ada.email(), false), Map.of(), Forgery.NONE);
    assertProblem(refused, 403, "email_not_verified");

    Api.Res linked = signIn(anon(), "open", claims(sub, ada.email(), true), Map.of(), Forgery.NONE);
    assertEquals(200, linked.status(), linked.toString());
    assertEquals(
        ada.userId(),
        me(linked.json().path("access_token").asText()).path("user").path("id").asText());
    // the link is recorded in the account's workspace trail
    Api.Res trail = ada.api().get("/api/v1/audit-events?action=user.identity_linked");
    assertEquals(200, trail.status(), trail.toString());
    assertTrue(trail.text().contains("user.identity_linked"), trail.toString());
  }

  @Test
  void theAllowListIsEnforcedAtSignIn() {
    String sub = UUID.randomUUID().toString();
    Api.Res res =
        signIn(
            anon(),
            "corp",
            claims(sub, email("out", "elsewhere.example"), true),
            Map.of(),
            Forgery.NONE);
    assertProblem(res, 403, "sign_in_not_allowed");
  }

  @Test
  void rolesOnlyInUserInfoAreMappedAndSyncedAtEverySignIn() {
    String sub = UUID.randomUUID().toString();
    String address = email("ops", "corp.example");
    Api.Res first =
        signIn(
            anon(),
            "corp",
            claims(sub, address, true),
            Map.of("groups", List.of("staff", "atelier-ops")),
            Forgery.NONE);
    assertEquals(200, first.status(), first.toString());
    assertEquals(corpTenantId, first.json().path("tenant_id").asText(), first.toString());
    Api.Res current =
        anon().withToken(first.json().path("access_token").asText()).get("/api/v1/tenants/current");
    assertEquals("operator", current.json().path("role").asText(), current.toString());

    Api.Res second =
        signIn(
            anon(),
            "corp",
            claims(sub, address, true),
            Map.of("groups", List.of("atelier-admins")),
            Forgery.NONE);
    assertEquals(200, second.status(), second.toString());
    current =
        anon()
            .withToken(second.json().path("access_token").asText())
            .get("/api/v1/tenants/current");
    assertEquals("admin", current.json().path("role").asText(), current.toString());

    Api.Res third =
        signIn(
            anon(), "corp", claims(sub, address, true), Map.of("groups", List.of()), Forgery.NONE);
    assertEquals(200, third.status(), third.toString());
    current =
        anon().withToken(third.json().path("access_token").asText()).get("/api/v1/tenants/current");
    assertEquals("viewer", current.json().path("role").asText(), current.toString());
  }

  @Test
  void forgedIdTokensAreRefusedAndCreateNothing() {
    for (Forgery f :
        List.of(
            Forgery.BAD_SIGNATURE, Forgery.WRONG_NONCE, Forgery.WRONG_AUDIENCE, Forgery.EXPIRED)) {
      String address = email("forged", "example.org");
      Api.Res res =
          signIn(anon(), "open", claims(UUID.randomUUID().toString(), address, true), Map.of(), f);
      assertProblem(res, 401, "invalid_id_token");
      // nothing was created: the address is still free to register
      Api.Res reg =
          anon()
              .post(
                  "/api/v1/auth/register",
                  Map.of("email", address, "password", Accounts.PASSWORD, "name", "Forged"));
      assertEquals(201, reg.status(), f + ": " + reg);
    }
  }

  @Test
  void aRedirectCarriesAOneTimeCodeForTheExchange() {
    Api api = anon();
    assertProblem(
        api.get(
            "/api/v1/auth/open/authorize?redirect_uri="
                + URLEncoder.encode("https://evil.example/cb", StandardCharsets.UTF_8),
            "application/json",
            false),
        400,
        "invalid_redirect_uri");
    URI at = authorize(api, "open", APP + "/signed-in?from=sso");
    String address = email("spa", "example.org");
    String code =
        idp.approve(
            at, claims(UUID.randomUUID().toString(), address, true), Map.of(), Forgery.NONE);
    Api.Res res =
        callback(api, "open", code, FakeOidcProvider.query(at.getRawQuery()).get("state"));
    assertEquals(302, res.status(), res.toString());
    URI back = URI.create(res.header("Location"));
    assertTrue(back.toString().startsWith(APP + "/signed-in?from=sso&code=atx_"), back.toString());
    String oneTime = FakeOidcProvider.query(back.getRawQuery()).get("code");
    Api.Res tokens = api.post("/api/v1/auth/exchange", Map.of("code", oneTime));
    assertEquals(200, tokens.status(), tokens.toString());
    assertEquals(
        address,
        me(tokens.json().path("access_token").asText()).path("user").path("email").asText());
    assertProblem(api.post("/api/v1/auth/exchange", Map.of("code", oneTime)), 400, "invalid_code");
    assertProblem(
        api.post("/api/v1/auth/exchange", Map.of("code", "atx_nope")), 400, "invalid_code");
    assertInvalid(api.post("/api/v1/auth/exchange", Map.of()), "code");
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

    Api.Res res =
        signIn(
            anon(),
            "open",
            claims(UUID.randomUUID().toString(), bob.email(), true),
            Map.of(),
            Forgery.NONE);
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
    String state = FakeOidcProvider.query(at.getRawQuery()).get("state");
    Api.Res res = callback(api, "github", "gh-good", state);
    assertEquals(200, res.status(), res.toString());
    JsonNode me = me(res.json().path("access_token").asText());
    assertEquals(address, me.path("user").path("email").asText(), me.toString());
    assertEquals("The Octocat", me.path("user").path("name").asText(), me.toString());

    URI at2 = authorize(api, "github", null);
    assertProblem(
        callback(
            api, "github", "gh-unverified", FakeOidcProvider.query(at2.getRawQuery()).get("state")),
        403,
        "email_not_verified");
    URI at3 = authorize(api, "github", null);
    assertProblem(
        callback(api, "github", "gh-bad", FakeOidcProvider.query(at3.getRawQuery()).get("state")),
        502,
        "provider_error");
    assertNotEquals(null, me);
  }
}
