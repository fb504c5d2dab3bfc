package dev.atelier.plugins.git.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.atelier.plugin.api.git.GitConnection;
import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.git.GitPullRequest;
import dev.atelier.plugin.api.git.GitPush;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GitHub provider against GitHub's wire format on loopback, and its push signatures. */
class GitHubProviderTest {

  private static WireMockServer github;
  private static GitHubProvider provider;

  @BeforeAll
  static void start() {
    github = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    github.start();
    String base = "http://127.0.0.1:" + github.port();
    provider = new GitHubProvider(base, base, "client", "secret", "repo");
  }

  @AfterAll
  static void stop() {
    github.stop();
  }

  /** As GitHub signs: sha256= and the hex HMAC-SHA256 of the raw body with the hook's secret. */
  private static String sign(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    StringBuilder hex = new StringBuilder("sha256=");
    for (byte b : mac.doFinal(body.getBytes(StandardCharsets.UTF_8))) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  @Test
  void aSignedPushIsReadAndAForgedOneRefused() throws Exception {
    String body =
        "{\"ref\":\"refs/heads/main\",\"after\":\"abc123\","
            + "\"repository\":{\"full_name\":\"octo/alpha\"}}";
    Map<String, String> headers =
        Map.of(
            "x-github-event", "push",
            "x-github-delivery", "d-1",
            "x-hub-signature-256", sign("hook-secret", body));
    Optional<GitPush> push =
        provider.verifyPush(headers, body.getBytes(StandardCharsets.UTF_8), "hook-secret");
    assertEquals(new GitPush("d-1", "octo/alpha", "main", "abc123"), push.orElseThrow());

    GitException forged =
        assertThrows(
            GitException.class,
            () ->
                provider.verifyPush(
                    headers, body.getBytes(StandardCharsets.UTF_8), "other-secret"));
    assertEquals("bad_signature", forged.code());

    String ping = "{\"zen\":\"Keep it logically awesome.\"}";
    Map<String, String> pingHeaders =
        Map.of(
            "x-github-event", "ping",
            "x-github-delivery", "d-2",
            "x-hub-signature-256", sign("hook-secret", ping));
    assertTrue(
        provider
            .verifyPush(pingHeaders, ping.getBytes(StandardCharsets.UTF_8), "hook-secret")
            .isEmpty());
  }

  @Test
  void aPullRequestIsOpened() throws Exception {
    github.stubFor(
        post(urlPathEqualTo("/repos/octo/alpha/pulls"))
            .withHeader("Authorization", equalTo("Bearer tok"))
            .withRequestBody(
                equalToJson(
                    "{\"title\":\"Fix\",\"head\":\"atelier/fix\",\"base\":\"main\","
                        + "\"body\":\"why\"}"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\": 99, \"number\": 7,"
                            + " \"html_url\": \"https://github.com/octo/alpha/pull/7\"}")));
    GitPullRequest pr =
        provider.openPullRequest(
            new GitConnection("tok", null), "octo/alpha", "atelier/fix", "main", "Fix", "why");
    assertEquals(new GitPullRequest("99", 7, "https://github.com/octo/alpha/pull/7"), pr);
  }

  @Test
  void aRefusedCodeIsAnAuthFailure() {
    github.stubFor(
        post(urlPathEqualTo("/login/oauth/access_token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\": \"bad_verification_code\"}")));
    GitException e =
        assertThrows(
            GitException.class, () -> provider.exchangeCode("nope", "verifier", "http://x/cb"));
    assertEquals("git_auth_failed", e.code());
  }

  @Test
  void errorStatusesBecomeStableCodes() {
    Map<String, String> cases =
        Map.of(
            "401", "git_auth_failed",
            "403", "git_auth_failed",
            "403-limit", "git_rate_limited",
            "404", "git_not_found",
            "422", "git_request_refused",
            "429", "git_rate_limited",
            "502", "git_provider_unavailable");
    for (var c : cases.entrySet()) {
      int status = Integer.parseInt(c.getKey().substring(0, 3));
      github.stubFor(
          get(urlPathEqualTo("/user"))
              .willReturn(
                  aResponse()
                      .withStatus(status)
                      .withHeader("Content-Type", "application/json")
                      .withHeader(
                          "x-ratelimit-remaining", c.getKey().endsWith("limit") ? "0" : "4999")
                      .withBody("{\"message\": \"Validation Failed\"}")));
      GitException e =
          assertThrows(GitException.class, () -> provider.account(new GitConnection("tok", null)));
      assertEquals(c.getValue(), e.code(), c.getKey());
    }
  }
}
