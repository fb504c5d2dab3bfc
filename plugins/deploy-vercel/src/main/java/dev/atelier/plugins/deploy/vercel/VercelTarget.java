package dev.atelier.plugins.deploy.vercel;

import static dev.atelier.plugin.api.http.JsonValues.JSON;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.deploy.DeploymentCredentials;
import dev.atelier.plugin.api.deploy.DeploymentException;
import dev.atelier.plugin.api.deploy.DeploymentFile;
import dev.atelier.plugin.api.deploy.DeploymentRequest;
import dev.atelier.plugin.api.deploy.DeploymentStatus;
import dev.atelier.plugin.api.deploy.DeploymentTarget;
import dev.atelier.plugin.api.deploy.ProviderCalls;
import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.http.OutboundHttp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * Deploys to Vercel: creates the deployment with every file's SHA-1; Vercel answers {@code
 * missing_files} naming the digests it lacks, which are uploaded ({@code POST /v2/files}) before
 * the deployment is created again. The base URL is {@code ATELIER_PLUGIN_DEPLOY_VERCEL_API_BASE}
 * ({@code https://api.vercel.com}); the account, when given, is a team id sent as {@code teamId}.
 */
@Extension
public class VercelTarget implements DeploymentTarget {

  static final String DEFAULT_BASE = "https://api.vercel.com";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_ROUNDS = 3;

  private final PluginContext context;
  private final String base;
  private final ProviderCalls calls;
  private final String clientId;
  private final String clientSecret;
  private final String integration;
  private final String oauthBase;

  public VercelTarget(PluginContext context) {
    this.context = context;
    this.base = ProviderCalls.apiBase(context.config(), DEFAULT_BASE);
    this.calls = ProviderCalls.configured(context.config());
    this.clientId = context.config().get("client-id").orElse(null);
    this.clientSecret = context.config().get("client-secret").orElse(null);
    this.integration = context.config().get("integration").orElse(null);
    this.oauthBase = ProviderCalls.url(context.config(), "oauth-base", "https://vercel.com");
  }

  @Override
  public String id() {
    return "vercel";
  }

  private OutboundHttp http() {
    return context.session().http();
  }

  private URI uri(String path, DeploymentCredentials c) {
    String sep = path.contains("?") ? "&" : "?";
    String team =
        c.account() == null
            ? ""
            : sep + "teamId=" + URLEncoder.encode(c.account(), StandardCharsets.UTF_8);
    return URI.create(base + path + team);
  }

  private HttpRequest.Builder request(String path, DeploymentCredentials c) {
    return HttpRequest.newBuilder(uri(path, c))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + c.token());
  }

  private HttpResponse<String> send(HttpRequest r) throws DeploymentException {
    return calls.send(http(), r);
  }

  private static JsonObject body(HttpResponse<String> r) {
    return ProviderCalls.object(r);
  }

  /** The exception a non-2xx answer becomes. */
  static DeploymentException failure(HttpResponse<String> r, String what) {
    JsonObject error = JsonValues.object(body(r), "error");
    return ProviderCalls.failure(
        "Vercel", r, what, error == null ? null : JsonValues.string(error, "message"));
  }

  private static boolean ok(HttpResponse<String> r) {
    return ProviderCalls.ok(r);
  }

  @Override
  public boolean oauthConfigured() {
    return clientId != null && clientSecret != null && integration != null;
  }

  /**
   * The install page of the server's Vercel integration ({@code
   * ATELIER_PLUGIN_DEPLOY_VERCEL_INTEGRATION}, its slug; {@code ..._OAUTH_BASE}, vercel.com):
   * Vercel sends the browser to the integration's redirect URL with a code and the state.
   */
  @Override
  public String authorizeUrl(String redirectUri, String state) {
    return oauthBase
        + "/integrations/"
        + URLEncoder.encode(integration, StandardCharsets.UTF_8)
        + "/new?"
        + ProviderCalls.form(Map.of("state", state));
  }

  /** The integration's token; installed on a team, the team is the credential's account. */
  @Override
  public DeploymentCredentials exchangeCode(String code, String redirectUri)
      throws DeploymentException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    JsonObject token = calls.exchangeCode(http(), "Vercel", base + "/v2/oauth/access_token", form);
    return new DeploymentCredentials(
        JsonValues.string(token, "access_token"), JsonValues.string(token, "team_id"));
  }

  @Override
  public String verify(DeploymentCredentials c) throws DeploymentException {
    HttpResponse<String> r = send(request("/v2/user", c).GET().build());
    if (!ok(r)) {
      throw failure(r, "the token check");
    }
    JsonObject user = JsonValues.object(body(r), "user");
    String name = user == null ? null : JsonValues.string(user, "username");
    if (c.account() != null) {
      HttpResponse<String> t =
          send(
              request(
                      "/v2/teams/" + URLEncoder.encode(c.account(), StandardCharsets.UTF_8),
                      new DeploymentCredentials(c.token(), null))
                  .GET()
                  .build());
      if (!ok(t)) {
        throw failure(t, "the team check");
      }
      String team = JsonValues.string(body(t), "name");
      return team == null ? c.account() : team;
    }
    return name;
  }

  @Override
  public DeploymentStatus start(DeploymentRequest request) throws DeploymentException {
    DeploymentCredentials c = request.credentials();
    List<DeploymentFile> files = request.snapshot().files();
    Map<String, DeploymentFile> bySha = new HashMap<>();
    JsonArrayBuilder list = JSON.createArrayBuilder();
    for (DeploymentFile f : files) {
      bySha.putIfAbsent(f.sha1(), f);
      list.add(
          JSON.createObjectBuilder()
              .add("file", f.path())
              .add("sha", f.sha1())
              .add("size", f.size()));
    }
    var payload =
        JSON.createObjectBuilder()
            .add("name", request.name())
            .add("files", list)
            .add("projectSettings", JSON.createObjectBuilder().addNull("framework"));
    if (request.production()) {
      payload.add("target", "production");
    }
    String json = payload.build().toString();
    Set<String> uploaded = new HashSet<>();
    for (int round = 0; ; round++) {
      HttpResponse<String> r =
          send(
              request("/v13/deployments?skipAutoDetectionConfirmation=1", c)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build());
      if (ok(r)) {
        return status(body(r));
      }
      JsonObject error = JsonValues.object(body(r), "error");
      JsonArray missing = error == null ? null : JsonValues.array(error, "missing");
      if (error == null
          || !"missing_files".equals(JsonValues.string(error, "code"))
          || missing == null
          || round >= MAX_ROUNDS) {
        throw failure(r, "the deployment");
      }
      for (JsonValue v : missing) {
        String sha = v instanceof JsonString s ? s.getString() : null;
        DeploymentFile f = sha == null ? null : bySha.get(sha);
        if (f == null) {
          throw new DeploymentException(
              "deploy_provider_error",
              "Vercel asked for a file the deployment has not: " + sha,
              null);
        }
        if (uploaded.add(sha) || round > 0) {
          upload(c, request, f);
        }
      }
    }
  }

  private void upload(DeploymentCredentials c, DeploymentRequest request, DeploymentFile f)
      throws DeploymentException {
    byte[] content;
    try {
      content = request.snapshot().read(f.path());
    } catch (IOException e) {
      throw new DeploymentException("deploy_provider_error", "Cannot read " + f.path(), e);
    }
    HttpResponse<String> r =
        send(
            request("/v2/files", c)
                .header("Content-Type", "application/octet-stream")
                .header("x-vercel-digest", f.sha1())
                .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    if (!ok(r)) {
      throw failure(r, "the upload of " + f.path());
    }
  }

  /** A deployment as Vercel describes it, in the host's states. */
  static DeploymentStatus status(JsonObject d) {
    String id = JsonValues.string(d, "id");
    String ready = JsonValues.string(d, "readyState");
    if (ready == null) {
      ready = JsonValues.string(d, "status");
    }
    String url = JsonValues.string(d, "url");
    if (url != null && !url.startsWith("http")) {
      url = "https://" + url;
    }
    String state =
        switch (ready == null ? "" : ready) {
          case "READY" -> DeploymentStatus.READY;
          case "ERROR" -> DeploymentStatus.ERROR;
          case "CANCELED" -> DeploymentStatus.CANCELLED;
          default -> DeploymentStatus.BUILDING;
        };
    String log = null;
    if (DeploymentStatus.ERROR.equals(state)) {
      String code = JsonValues.string(d, "errorCode");
      String message = JsonValues.string(d, "errorMessage");
      log = (code == null ? "" : code + ": ") + (message == null ? "The build failed." : message);
    }
    return new DeploymentStatus(id, state, url, log);
  }

  @Override
  public DeploymentStatus status(DeploymentCredentials c, String reference)
      throws DeploymentException {
    HttpResponse<String> r =
        send(
            request("/v13/deployments/" + URLEncoder.encode(reference, StandardCharsets.UTF_8), c)
                .GET()
                .build());
    if (!ok(r)) {
      throw failure(r, "the status of deployment " + reference);
    }
    return status(body(r));
  }

  @Override
  public void cancel(DeploymentCredentials c, String reference) throws DeploymentException {
    String ref = URLEncoder.encode(reference, StandardCharsets.UTF_8);
    DeploymentStatus s = status(c, reference);
    HttpResponse<String> r =
        s.finished()
            ? send(request("/v13/deployments/" + ref, c).DELETE().build())
            : send(
                request("/v12/deployments/" + ref + "/cancel", c)
                    .method("PATCH", HttpRequest.BodyPublishers.noBody())
                    .build());
    if (!ok(r) && r.statusCode() != 404) {
      throw failure(r, "the cancellation of deployment " + reference);
    }
  }
}
