package dev.atelier.plugins.deploy.netlify;

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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * Deploys to Netlify: creates a deploy of the site with every file's SHA-1 ({@code POST
 * /api/v1/sites/{site_id}/deploys}); Netlify answers the digests it lacks in {@code required},
 * which are uploaded ({@code PUT /api/v1/deploys/{deploy_id}/files/{path}}), and asks again while
 * the deploy is {@code uploading}. The base URL is {@code ATELIER_PLUGIN_DEPLOY_NETLIFY_API_BASE}
 * ({@code https://api.netlify.com}); the account is the site id or name (without one, the site
 * {@code <project slug>.netlify.app}). A preview is a draft deploy.
 */
@Extension
public class NetlifyTarget implements DeploymentTarget {

  static final String DEFAULT_BASE = "https://api.netlify.com";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_ROUNDS = 3;

  private final PluginContext context;
  private final String base;
  private final ProviderCalls calls;
  private final String clientId;
  private final String clientSecret;
  private final String oauthBase;

  public NetlifyTarget(PluginContext context) {
    this.context = context;
    this.base = ProviderCalls.apiBase(context.config(), DEFAULT_BASE);
    this.calls = ProviderCalls.configured(context.config());
    this.clientId = context.config().get("client-id").orElse(null);
    this.clientSecret = context.config().get("client-secret").orElse(null);
    this.oauthBase = ProviderCalls.url(context.config(), "oauth-base", "https://app.netlify.com");
  }

  @Override
  public String id() {
    return "netlify";
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path, DeploymentCredentials c) {
    return HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + c.token());
  }

  private HttpResponse<String> send(HttpRequest r) throws DeploymentException {
    return calls.send(context.session().http(), r);
  }

  /** The exception a non-2xx answer becomes. */
  static DeploymentException failure(HttpResponse<String> r, String what) {
    JsonObject b = ProviderCalls.object(r);
    String message = JsonValues.string(b, "message");
    if (message == null) {
      message = JsonValues.string(b, "error_message");
    }
    return ProviderCalls.failure("Netlify", r, what, message);
  }

  private static String site(DeploymentCredentials c, String name) {
    return c.account() != null ? c.account() : name + ".netlify.app";
  }

  @Override
  public boolean oauthConfigured() {
    return clientId != null && clientSecret != null;
  }

  /** Netlify's consent page ({@code ATELIER_PLUGIN_DEPLOY_NETLIFY_OAUTH_BASE}, app.netlify.com). */
  @Override
  public String authorizeUrl(String redirectUri, String state) {
    return oauthBase
        + "/authorize?"
        + ProviderCalls.form(
            Map.of(
                "client_id", clientId,
                "response_type", "code",
                "redirect_uri", redirectUri,
                "state", state));
  }

  /** The token of the user who consented; no site: deployments go to the project's own. */
  @Override
  public DeploymentCredentials exchangeCode(String code, String redirectUri)
      throws DeploymentException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("client_id", clientId);
    form.put("client_secret", clientSecret);
    form.put("redirect_uri", redirectUri);
    JsonObject token =
        calls.exchangeCode(context.session().http(), "Netlify", base + "/oauth/token", form);
    return new DeploymentCredentials(JsonValues.string(token, "access_token"), null);
  }

  @Override
  public String verify(DeploymentCredentials c) throws DeploymentException {
    HttpResponse<String> r = send(request("/user", c).GET().build());
    if (!ProviderCalls.ok(r)) {
      throw failure(r, "the token check");
    }
    JsonObject user = ProviderCalls.object(r);
    if (c.account() != null) {
      HttpResponse<String> s = send(request("/sites/" + enc(c.account()), c).GET().build());
      if (s.statusCode() == 404) {
        throw new DeploymentException(
            "deploy_auth_failed", "Netlify has no site " + c.account() + " for this token.", null);
      }
      if (!ProviderCalls.ok(s)) {
        throw failure(s, "the site check");
      }
      String name = JsonValues.string(ProviderCalls.object(s), "name");
      return name == null ? c.account() : name;
    }
    String name = JsonValues.string(user, "full_name");
    return name == null ? JsonValues.string(user, "email") : name;
  }

  @Override
  public DeploymentStatus start(DeploymentRequest request) throws DeploymentException {
    DeploymentCredentials c = request.credentials();
    Map<String, DeploymentFile> bySha = new LinkedHashMap<>();
    JsonObjectBuilder files = JSON.createObjectBuilder();
    for (DeploymentFile f : request.snapshot().files()) {
      bySha.putIfAbsent(f.sha1(), f);
      files.add("/" + f.path(), f.sha1());
    }
    String json =
        JSON.createObjectBuilder()
            .add("files", files)
            .add("draft", !request.production())
            .build()
            .toString();
    HttpResponse<String> r =
        send(
            request("/sites/" + enc(site(c, request.name())) + "/deploys", c)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    if (!ProviderCalls.ok(r)) {
      throw failure(r, "the deploy");
    }
    JsonObject deploy = ProviderCalls.object(r);
    String id = JsonValues.string(deploy, "id");
    if (id == null) {
      throw new DeploymentException(
          "deploy_provider_error", "Netlify answered a deploy without an id", null);
    }
    for (int round = 0; ; round++) {
      List<String> required = required(deploy);
      String state = JsonValues.string(deploy, "state");
      if (required.isEmpty() || !("uploading".equals(state) || "new".equals(state))) {
        return status(deploy);
      }
      if (round >= MAX_ROUNDS) {
        throw new DeploymentException(
            "deploy_provider_error",
            "Netlify still requires " + required.size() + " files of deploy " + id,
            null);
      }
      for (String sha : required) {
        DeploymentFile f = bySha.get(sha);
        if (f == null) {
          throw new DeploymentException(
              "deploy_provider_error",
              "Netlify asked for a file the deployment has not: " + sha,
              null);
        }
        upload(c, request, id, f);
      }
      HttpResponse<String> again = send(request("/deploys/" + enc(id), c).GET().build());
      if (!ProviderCalls.ok(again)) {
        throw failure(again, "the status of deploy " + id);
      }
      deploy = ProviderCalls.object(again);
    }
  }

  private static List<String> required(JsonObject deploy) {
    List<String> out = new ArrayList<>();
    JsonArray a = JsonValues.array(deploy, "required");
    if (a != null) {
      for (JsonValue v : a) {
        if (v instanceof JsonString s) {
          out.add(s.getString());
        }
      }
    }
    return out;
  }

  private void upload(
      DeploymentCredentials c, DeploymentRequest request, String id, DeploymentFile f)
      throws DeploymentException {
    byte[] content;
    try {
      content = request.snapshot().read(f.path());
    } catch (IOException e) {
      throw new DeploymentException("deploy_provider_error", "Cannot read " + f.path(), e);
    }
    StringBuilder path = new StringBuilder();
    for (String segment : f.path().split("/")) {
      path.append('/').append(enc(segment));
    }
    HttpResponse<String> r =
        send(
            request("/deploys/" + enc(id) + "/files" + path, c)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
    if (!ProviderCalls.ok(r)) {
      throw failure(r, "the upload of " + f.path());
    }
  }

  /** A deploy as Netlify describes it, in the host's states. */
  static DeploymentStatus status(JsonObject d) {
    String netlify = JsonValues.string(d, "state");
    String state =
        switch (netlify == null ? "" : netlify) {
          case "new", "uploading" -> DeploymentStatus.UPLOADING;
          case "ready" -> DeploymentStatus.READY;
          case "error", "rejected" -> DeploymentStatus.ERROR;
          case "cancelled", "canceled" -> DeploymentStatus.CANCELLED;
          default -> DeploymentStatus.BUILDING;
        };
    boolean draft = d.get("draft") == JsonValue.TRUE;
    String url =
        draft
            ? JsonValues.string(d, "deploy_ssl_url")
            : JsonValues.string(d, "ssl_url") != null
                ? JsonValues.string(d, "ssl_url")
                : JsonValues.string(d, "deploy_ssl_url");
    String log = null;
    if (DeploymentStatus.ERROR.equals(state)) {
      String message = JsonValues.string(d, "error_message");
      log = message == null ? "The deploy failed." : message;
    }
    return new DeploymentStatus(JsonValues.string(d, "id"), state, url, log);
  }

  @Override
  public DeploymentStatus status(DeploymentCredentials c, String reference)
      throws DeploymentException {
    HttpResponse<String> r = send(request("/deploys/" + enc(reference), c).GET().build());
    if (!ProviderCalls.ok(r)) {
      throw failure(r, "the status of deploy " + reference);
    }
    return status(ProviderCalls.object(r));
  }

  @Override
  public void cancel(DeploymentCredentials c, String reference) throws DeploymentException {
    String ref = enc(reference);
    DeploymentStatus s = status(c, reference);
    HttpResponse<String> r =
        s.finished()
            ? send(request("/deploys/" + ref, c).DELETE().build())
            : send(
                request("/deploys/" + ref + "/cancel", c)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
    if (!ProviderCalls.ok(r) && r.statusCode() != 404) {
      throw failure(r, "the cancellation of deploy " + reference);
    }
  }
}
