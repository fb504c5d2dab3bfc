package dev.atelier.plugins.deploy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.atelier.plugin.api.PluginConfig;
import dev.atelier.plugin.api.deploy.DeploymentCredentials;
import dev.atelier.plugin.api.deploy.DeploymentException;
import dev.atelier.plugin.api.deploy.DeploymentFile;
import dev.atelier.plugin.api.deploy.DeploymentRequest;
import dev.atelier.plugin.api.deploy.DeploymentSnapshot;
import dev.atelier.plugin.api.deploy.DeploymentStatus;
import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.http.OutboundHttp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Cloudflare Pages target against Pages' direct upload wire format on loopback. */
class CloudflareTargetTest {

  private static final String PROJECT = "/accounts/acc-1/pages/projects/site";
  private static final DeploymentCredentials CREDS =
      new DeploymentCredentials("cf-token", "acc-1/site");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static WireMockServer cf;

  @BeforeAll
  static void start() {
    cf = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    cf.start();
  }

  @AfterAll
  static void stop() {
    cf.stop();
  }

  @BeforeEach
  void reset() {
    cf.resetAll();
  }

  /** The host's outbound HTTP without its address guard (the fake listens on loopback). */
  private static final class Direct implements OutboundHttp {
    @Override
    public URI check(String field, String url) {
      return URI.create(url);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
        throws IOException, InterruptedException {
      return CLIENT.send(request, handler);
    }
  }

  private static CloudflareTarget target(Map<String, String> extra) {
    Map<String, String> config = new LinkedHashMap<>(extra);
    config.put("api-base", "http://127.0.0.1:" + cf.port() + "/client/v4");
    config.put("retry-delay-millis", "1");
    PluginConfig c = name -> Optional.ofNullable(config.get(name));
    return new CloudflareTarget(Direct::new, c);
  }

  private static DeploymentSnapshot snapshot(Map<String, String> files) {
    return new DeploymentSnapshot() {
      @Override
      public List<DeploymentFile> files() {
        List<DeploymentFile> out = new ArrayList<>();
        files.forEach((p, c) -> out.add(new DeploymentFile(p, "sha-" + p, c.length())));
        return out;
      }

      @Override
      public byte[] read(String path) {
        return files.get(path).getBytes(StandardCharsets.UTF_8);
      }
    };
  }

  private static final Map<String, String> SITE = new LinkedHashMap<>();

  static {
    SITE.put("index.html", "<h1>Hello</h1>");
    SITE.put("css/site.css", "h1{color:red}");
    SITE.put("copy/index.html", "<h1>Hello</h1>");
  }

  private static String key(String path) {
    return AssetKeys.key(path, SITE.get(path).getBytes(StandardCharsets.UTF_8));
  }

  private static String ok(String result) {
    return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":" + result + "}";
  }

  private static String deployment(String stage, String status) {
    return ok(
        "{\"id\":\"dep-1\",\"url\":\"https://dep-1.site.pages.dev\",\"latest_stage\":{\"name\":\""
            + stage
            + "\",\"status\":\""
            + status
            + "\"}}");
  }

  private static void stubUploadFlow(String missing) {
    cf.stubFor(
        get(urlEqualTo("/client/v4" + PROJECT + "/upload-token"))
            .withHeader("Authorization", equalTo("Bearer cf-token"))
            .willReturn(okJson(ok("{\"jwt\":\"the-jwt\"}"))));
    cf.stubFor(
        post(urlEqualTo("/client/v4/pages/assets/check-missing"))
            .withHeader("Authorization", equalTo("Bearer the-jwt"))
            .willReturn(okJson(ok(missing))));
    cf.stubFor(
        post(urlEqualTo("/client/v4/pages/assets/upload"))
            .withHeader("Authorization", equalTo("Bearer the-jwt"))
            .willReturn(okJson(ok("null"))));
    cf.stubFor(
        post(urlEqualTo("/client/v4/pages/assets/upsert-hashes"))
            .withHeader("Authorization", equalTo("Bearer the-jwt"))
            .willReturn(okJson(ok("true"))));
    cf.stubFor(
        post(urlEqualTo("/client/v4" + PROJECT + "/deployments"))
            .withHeader("Authorization", equalTo("Bearer cf-token"))
            .willReturn(okJson(deployment("queued", "active"))));
  }

  private static String multipartField(String body, String name) {
    String marker = "name=\"" + name + "\"\r\n\r\n";
    int i = body.indexOf(marker);
    if (i < 0) {
      return null;
    }
    int start = i + marker.length();
    return body.substring(start, body.indexOf("\r\n--", start));
  }

  @Test
  void onlyTheMissingAssetsAreUploadedAndTheManifestNamesEveryPath() throws Exception {
    stubUploadFlow("[\"" + key("css/site.css") + "\"]");
    DeploymentStatus s =
        target(Map.of()).start(new DeploymentRequest(CREDS, "ignored", true, snapshot(SITE)));

    assertEquals("site/dep-1", s.reference());
    assertEquals(DeploymentStatus.BUILDING, s.state());
    assertEquals("https://dep-1.site.pages.dev", s.url());

    // the two identical files share one key: check-missing and upsert name two keys
    String hashes = "{\"hashes\":[\"" + key("index.html") + "\",\"" + key("css/site.css") + "\"]}";
    cf.verify(
        postRequestedFor(urlEqualTo("/client/v4/pages/assets/check-missing"))
            .withRequestBody(equalToJson(hashes)));
    cf.verify(
        postRequestedFor(urlEqualTo("/client/v4/pages/assets/upsert-hashes"))
            .withRequestBody(equalToJson(hashes)));

    List<LoggedRequest> uploads =
        cf.findAll(postRequestedFor(urlEqualTo("/client/v4/pages/assets/upload")));
    assertEquals(1, uploads.size());
    JsonArray bucket = JsonValues.parse(uploads.get(0).getBodyAsString()).asJsonArray();
    assertEquals(1, bucket.size());
    JsonObject asset = bucket.getJsonObject(0);
    assertEquals(key("css/site.css"), asset.getString("key"));
    assertEquals(
        "h1{color:red}",
        new String(Base64.getDecoder().decode(asset.getString("value")), StandardCharsets.UTF_8));
    assertTrue(asset.getBoolean("base64"));
    assertEquals("text/css", asset.getJsonObject("metadata").getString("contentType"));

    LoggedRequest created =
        cf.findAll(postRequestedFor(urlEqualTo("/client/v4" + PROJECT + "/deployments"))).get(0);
    assertTrue(created.getHeader("Content-Type").startsWith("multipart/form-data; boundary="));
    JsonObject manifest =
        JsonValues.parse(multipartField(created.getBodyAsString(), "manifest")).asJsonObject();
    assertEquals(3, manifest.size());
    assertEquals(key("index.html"), manifest.getString("/index.html"));
    assertEquals(key("index.html"), manifest.getString("/copy/index.html"));
    assertEquals(key("css/site.css"), manifest.getString("/css/site.css"));
    assertEquals(null, multipartField(created.getBodyAsString(), "branch"));
  }

  @Test
  void configurationFilesArePartsOfTheDeploymentAndServerCodeIsNeverAnAsset() throws Exception {
    Map<String, String> site = new LinkedHashMap<>();
    site.put("index.html", "<h1>Hello</h1>");
    site.put("_redirects", "/old /new 301\n");
    site.put("_headers", "/*\n  X-Frame-Options: DENY\n");
    site.put("_routes.json", "{\"version\":1}");
    site.put("_worker.js", "export default {}");
    site.put("functions/api.js", "export function onRequest() {}");
    site.put("assets/node_modules/x.js", "x");
    site.put("docs/_redirects", "not the configuration\n");
    stubUploadFlow("[]");
    target(Map.of()).start(new DeploymentRequest(CREDS, "ignored", true, snapshot(site)));

    LoggedRequest created =
        cf.findAll(postRequestedFor(urlEqualTo("/client/v4" + PROJECT + "/deployments"))).get(0);
    String body = created.getBodyAsString();
    JsonObject manifest = JsonValues.parse(multipartField(body, "manifest")).asJsonObject();
    // only real assets: a _redirects below the top is an ordinary file
    assertEquals(java.util.Set.of("/index.html", "/docs/_redirects"), manifest.keySet());
    assertTrue(
        body.contains(
            "name=\"_redirects\"; filename=\"_redirects\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n/old /new 301\n"),
        body);
    assertTrue(body.contains("name=\"_headers\"; filename=\"_headers\""), body);
    assertTrue(body.contains("name=\"_routes.json\"; filename=\"_routes.json\""), body);
    assertFalse(body.contains("export default"), body);
    // check-missing and upsert never name the configuration or the server code
    String index =
        AssetKeys.key("index.html", site.get("index.html").getBytes(StandardCharsets.UTF_8));
    String docs =
        AssetKeys.key(
            "docs/_redirects", site.get("docs/_redirects").getBytes(StandardCharsets.UTF_8));
    cf.verify(
        postRequestedFor(urlEqualTo("/client/v4/pages/assets/upsert-hashes"))
            .withRequestBody(equalToJson("{\"hashes\":[\"" + index + "\",\"" + docs + "\"]}")));
  }

  @Test
  void aPreviewIsABranchDeploymentAndBucketsSplitTheUpload() throws Exception {
    stubUploadFlow("[\"" + key("index.html") + "\",\"" + key("css/site.css") + "\"]");
    DeploymentCredentials noProject = new DeploymentCredentials("cf-token", "acc-1");
    target(Map.of("upload-bucket-files", "1"))
        .start(new DeploymentRequest(noProject, "site", false, snapshot(SITE)));

    assertEquals(
        2, cf.findAll(postRequestedFor(urlEqualTo("/client/v4/pages/assets/upload"))).size());
    LoggedRequest created =
        cf.findAll(postRequestedFor(urlEqualTo("/client/v4" + PROJECT + "/deployments"))).get(0);
    assertEquals("preview", multipartField(created.getBodyAsString(), "branch"));
  }

  @Test
  void aRateLimitIsWaitedOut() throws Exception {
    stubUploadFlow("[]");
    cf.stubFor(
        post(urlEqualTo("/client/v4/pages/assets/check-missing"))
            .inScenario("limited")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "0")
                    .withBody(
                        "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait\"}]}"))
            .willSetStateTo("again"));
    cf.stubFor(
        post(urlEqualTo("/client/v4/pages/assets/check-missing"))
            .inScenario("limited")
            .whenScenarioStateIs("again")
            .willReturn(okJson(ok("[]"))));

    DeploymentStatus s =
        target(Map.of()).start(new DeploymentRequest(CREDS, "site", true, snapshot(SITE)));

    assertEquals("site/dep-1", s.reference());
    assertEquals(
        2,
        cf.findAll(postRequestedFor(urlEqualTo("/client/v4/pages/assets/check-missing"))).size());
    assertTrue(
        cf.findAll(postRequestedFor(urlEqualTo("/client/v4/pages/assets/upload"))).isEmpty());
  }

  @Test
  void aRateLimitThatLastsBecomesAProblem() {
    stubUploadFlow("[]");
    cf.stubFor(
        post(urlEqualTo("/client/v4/pages/assets/check-missing"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withBody(
                        "{\"success\":false,\"errors\":[{\"code\":971,\"message\":\"Please wait\"}]}")));
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () ->
                target(Map.of("max-attempts", "2"))
                    .start(new DeploymentRequest(CREDS, "site", true, snapshot(SITE))));
    assertEquals("deploy_rate_limited", e.code());
    assertTrue(e.getMessage().contains("Please wait"), e.getMessage());
  }

  @Test
  void theLatestStageGivesTheState() throws Exception {
    String path = "/client/v4" + PROJECT + "/deployments/dep-1";
    cf.stubFor(get(urlEqualTo(path)).willReturn(okJson(deployment("build", "failure"))));
    DeploymentStatus failed = target(Map.of()).status(CREDS, "site/dep-1");
    assertEquals(DeploymentStatus.ERROR, failed.state());
    assertTrue(failed.log().contains("build"), failed.log());

    cf.stubFor(get(urlEqualTo(path)).willReturn(okJson(deployment("deploy", "success"))));
    DeploymentStatus ready = target(Map.of()).status(CREDS, "site/dep-1");
    assertEquals(DeploymentStatus.READY, ready.state());
    assertEquals("https://dep-1.site.pages.dev", ready.url());
    assertTrue(ready.finished());

    cf.stubFor(get(urlEqualTo(path)).willReturn(okJson(deployment("build", "active"))));
    assertFalse(target(Map.of()).status(CREDS, "site/dep-1").finished());
  }

  @Test
  void cancellingDeletesTheDeployment() throws Exception {
    cf.stubFor(
        delete(urlPathEqualTo("/client/v4" + PROJECT + "/deployments/dep-1"))
            .willReturn(okJson(ok("null"))));
    target(Map.of()).cancel(CREDS, "site/dep-1");
    cf.verify(
        deleteRequestedFor(urlEqualTo("/client/v4" + PROJECT + "/deployments/dep-1?force=true")));
  }

  @Test
  void credentialsAreCheckedAgainstTheTokenAndTheAccount() throws Exception {
    cf.stubFor(
        get(urlEqualTo("/client/v4/user/tokens/verify"))
            .withHeader("Authorization", equalTo("Bearer cf-token"))
            .willReturn(okJson(ok("{\"id\":\"t1\",\"status\":\"active\"}"))));
    cf.stubFor(
        get(urlEqualTo("/client/v4/accounts/acc-1"))
            .willReturn(okJson(ok("{\"id\":\"acc-1\",\"name\":\"Acme\"}"))));
    assertEquals("Acme / site", target(Map.of()).verify(CREDS));

    cf.stubFor(
        get(urlEqualTo("/client/v4/accounts/acc-2"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withBody(
                        "{\"success\":false,\"errors\":[{\"code\":9109,\"message\":\"Unauthorized to access requested resource\"}]}")));
    DeploymentException other =
        assertThrows(
            DeploymentException.class,
            () -> target(Map.of()).verify(new DeploymentCredentials("cf-token", "acc-2")));
    assertEquals("deploy_auth_failed", other.code());
    assertTrue(other.getMessage().contains("Unauthorized"), other.getMessage());

    DeploymentException none =
        assertThrows(
            DeploymentException.class,
            () -> target(Map.of()).verify(new DeploymentCredentials("cf-token", null)));
    assertEquals("deploy_auth_failed", none.code());
  }
}
