package dev.atelier.plugins.deploy.cloudflare;

import static dev.atelier.plugin.api.http.JsonValues.JSON;

import dev.atelier.plugin.api.PluginConfig;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.pf4j.Extension;

/**
 * Deploys to Cloudflare Pages by direct upload, as Cloudflare's CLI does: an upload token for the
 * project ({@code GET /accounts/{account_id}/pages/projects/{project}/upload-token}), the asset
 * keys Pages lacks ({@code POST /pages/assets/check-missing}), their upload in buckets ({@code POST
 * /pages/assets/upload}), every key upserted ({@code POST /pages/assets/upsert-hashes}), then the
 * deployment with the manifest of paths and keys ({@code POST
 * /accounts/{account_id}/pages/projects/{project}/deployments}, multipart), whose {@code
 * latest_stage} is polled. The account is {@code account_id/project} (without a project, the
 * project's slug); the base URL is {@code ATELIER_PLUGIN_DEPLOY_CLOUDFLARE_API_BASE} ({@code
 * https://api.cloudflare.com/client/v4}). A preview is a deployment of the branch {@code preview}.
 * The provider reference is {@code project/deployment_id}.
 */
@Extension
public class CloudflareTarget implements DeploymentTarget {

  static final String DEFAULT_BASE = "https://api.cloudflare.com/client/v4";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Cloudflare's CLI limits a bucket to 50 MiB of base64 and 5000 files. */
  private static final long BUCKET_BYTES = 50L * 1024 * 1024;

  private final Supplier<OutboundHttp> http;
  private final String base;
  private final ProviderCalls calls;
  private final int bucketFiles;
  private final String previewBranch;

  public CloudflareTarget(PluginContext context) {
    this(() -> context.session().http(), context.config());
  }

  CloudflareTarget(Supplier<OutboundHttp> http, PluginConfig config) {
    this.http = http;
    this.base = ProviderCalls.apiBase(config, DEFAULT_BASE);
    this.calls = ProviderCalls.configured(config);
    this.bucketFiles = Math.max(1, config.getInt("upload-bucket-files", 5000));
    this.previewBranch = config.get("preview-branch", "preview");
  }

  @Override
  public String id() {
    return "cloudflare";
  }

  private static String enc(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path, String bearer) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + bearer);
  }

  private HttpResponse<String> send(HttpRequest r) throws DeploymentException {
    return calls.send(http.get(), r);
  }

  private HttpResponse<String> postJson(String path, String bearer, String json)
      throws DeploymentException {
    return send(
        request(path, bearer)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** The exception a non-2xx answer (or one with {@code success: false}) becomes. */
  static DeploymentException failure(HttpResponse<String> r, String what) {
    JsonArray errors = JsonValues.array(ProviderCalls.object(r), "errors");
    String message = null;
    if (errors != null && !errors.isEmpty() && errors.get(0) instanceof JsonObject e) {
      message = JsonValues.string(e, "message");
    }
    return ProviderCalls.failure("Cloudflare", r, what, message);
  }

  /** The {@code result} of a successful answer, or the failure. */
  private static JsonValue result(HttpResponse<String> r, String what) throws DeploymentException {
    JsonObject body = ProviderCalls.object(r);
    if (!ProviderCalls.ok(r) || body.get("success") == JsonValue.FALSE) {
      throw failure(r, what);
    }
    JsonValue v = body.get("result");
    return v == null ? JsonValue.NULL : v;
  }

  private static JsonObject resultObject(HttpResponse<String> r, String what)
      throws DeploymentException {
    JsonValue v = result(r, what);
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new DeploymentException(
        "deploy_provider_error", "Cloudflare answered " + what + " without a result", null);
  }

  private static String account(DeploymentCredentials c) throws DeploymentException {
    String a = c.account() == null ? "" : c.account().trim();
    int slash = a.indexOf('/');
    String id = slash < 0 ? a : a.substring(0, slash);
    if (id.isEmpty()) {
      throw new DeploymentException(
          "deploy_auth_failed",
          "Cloudflare needs the account id (account: account_id or account_id/project_name).",
          null);
    }
    return id;
  }

  private static String project(DeploymentCredentials c, String fallback) {
    String a = c.account() == null ? "" : c.account().trim();
    int slash = a.indexOf('/');
    return slash < 0 || slash == a.length() - 1 ? fallback : a.substring(slash + 1);
  }

  private String projectPath(DeploymentCredentials c, String project) throws DeploymentException {
    return "/accounts/" + enc(account(c)) + "/pages/projects/" + enc(project);
  }

  @Override
  public String verify(DeploymentCredentials c) throws DeploymentException {
    String id = account(c);
    HttpResponse<String> t = send(request("/user/tokens/verify", c.token()).GET().build());
    JsonObject token = resultObject(t, "the token check");
    if (!"active".equals(JsonValues.string(token, "status"))) {
      throw new DeploymentException(
          "deploy_auth_failed", "The Cloudflare token is not active.", null);
    }
    HttpResponse<String> a = send(request("/accounts/" + enc(id), c.token()).GET().build());
    if (a.statusCode() == 404) {
      throw new DeploymentException(
          "deploy_auth_failed", "Cloudflare has no account " + id + " for this token.", null);
    }
    String name = JsonValues.string(resultObject(a, "the account check"), "name");
    String project = project(c, null);
    String shown = name == null ? id : name;
    return project == null ? shown : shown + " / " + project;
  }

  @Override
  public DeploymentStatus start(DeploymentRequest request) throws DeploymentException {
    DeploymentCredentials c = request.credentials();
    String project = project(c, request.name());
    String path = projectPath(c, project);
    Map<String, String> manifest = new LinkedHashMap<>();
    Map<String, DeploymentFile> byKey = new LinkedHashMap<>();
    Map<String, String> configFiles = new LinkedHashMap<>();
    for (DeploymentFile f : request.snapshot().files()) {
      if (CONFIG_FILES.contains(f.path())) {
        configFiles.put(f.path(), new String(read(request, f), StandardCharsets.UTF_8));
        continue;
      }
      if (ignored(f.path())) {
        continue;
      }
      String key = AssetKeys.key(f.path(), read(request, f));
      manifest.put("/" + f.path(), key);
      byKey.putIfAbsent(key, f);
    }

    HttpResponse<String> t = send(request(path + "/upload-token", c.token()).GET().build());
    String jwt = JsonValues.string(resultObject(t, "the upload token"), "jwt");
    if (jwt == null) {
      throw new DeploymentException(
          "deploy_provider_error", "Cloudflare answered an upload token without a jwt", null);
    }
    String hashes = hashes(byKey.keySet());
    List<String> missing = missing(jwt, hashes, byKey.keySet());
    upload(request, jwt, missing, byKey);
    result(postJson("/pages/assets/upsert-hashes", jwt, hashes), "the upsert of the hashes");

    JsonObjectBuilder m = JSON.createObjectBuilder();
    manifest.forEach(m::add);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("manifest", m.build().toString());
    if (!request.production()) {
      fields.put("branch", previewBranch);
    }
    String boundary = "atelier-" + UUID.randomUUID();
    HttpResponse<String> d =
        send(
            request(path + "/deployments", c.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(multipart(boundary, fields, configFiles)))
                .build());
    return status(project, resultObject(d, "the deployment"));
  }

  private static byte[] read(DeploymentRequest request, DeploymentFile f)
      throws DeploymentException {
    try {
      return request.snapshot().read(f.path());
    } catch (IOException e) {
      throw new DeploymentException("deploy_provider_error", "Cannot read " + f.path(), e);
    }
  }

  private static String hashes(Set<String> keys) {
    JsonArrayBuilder a = JSON.createArrayBuilder();
    keys.forEach(a::add);
    return JSON.createObjectBuilder().add("hashes", a).build().toString();
  }

  private List<String> missing(String jwt, String hashes, Set<String> known)
      throws DeploymentException {
    JsonValue v = result(postJson("/pages/assets/check-missing", jwt, hashes), "check-missing");
    Set<String> out = new LinkedHashSet<>();
    if (v instanceof JsonArray a) {
      for (JsonValue h : a) {
        if (h instanceof JsonString s) {
          if (!known.contains(s.getString())) {
            throw new DeploymentException(
                "deploy_provider_error",
                "Cloudflare asked for an asset the deployment has not: " + s.getString(),
                null);
          }
          out.add(s.getString());
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** Uploads the missing assets in buckets of at most 50 MiB of base64 and the configured count. */
  private void upload(
      DeploymentRequest request,
      String jwt,
      List<String> missing,
      Map<String, DeploymentFile> byKey)
      throws DeploymentException {
    JsonArrayBuilder bucket = JSON.createArrayBuilder();
    int files = 0;
    long bytes = 0;
    for (String key : missing) {
      DeploymentFile f = byKey.get(key);
      String value = Base64.getEncoder().encodeToString(read(request, f));
      if (files > 0 && (files >= bucketFiles || bytes + value.length() > BUCKET_BYTES)) {
        uploadBucket(jwt, bucket.build());
        bucket = JSON.createArrayBuilder();
        files = 0;
        bytes = 0;
      }
      bucket.add(
          JSON.createObjectBuilder()
              .add("key", key)
              .add("value", value)
              .add(
                  "metadata",
                  JSON.createObjectBuilder().add("contentType", AssetKeys.contentType(f.path())))
              .add("base64", true));
      files++;
      bytes += value.length();
    }
    if (files > 0) {
      uploadBucket(jwt, bucket.build());
    }
  }

  private void uploadBucket(String jwt, JsonArray bucket) throws DeploymentException {
    result(postJson("/pages/assets/upload", jwt, bucket.toString()), "the upload of assets");
  }

  /**
   * The top-level files Pages reads as the deployment's configuration, sent as file parts of the
   * deployment (as wrangler sends them), never as public assets.
   */
  static final Set<String> CONFIG_FILES = Set.of("_headers", "_redirects", "_routes.json");

  /**
   * What wrangler leaves out of the assets: a {@code _worker.js} (server code, never published) and
   * a {@code functions} folder at the top, {@code .DS_Store}, {@code node_modules} and {@code .git}
   * anywhere. Pages Functions are not deployed by this plugin.
   */
  static boolean ignored(String path) {
    if (path.equals("_worker.js") || path.startsWith("functions/")) {
      return true;
    }
    for (String segment : path.split("/")) {
      if (segment.equals(".DS_Store") || segment.equals("node_modules") || segment.equals(".git")) {
        return true;
      }
    }
    return false;
  }

  static String multipart(String boundary, Map<String, String> fields, Map<String, String> files) {
    StringBuilder b = new StringBuilder();
    fields.forEach(
        (name, value) ->
            b.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
    files.forEach(
        (name, content) ->
            b.append("--")
                .append(boundary)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(name)
                .append("\"; filename=\"")
                .append(name)
                .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .append(content)
                .append("\r\n"));
    return b.append("--").append(boundary).append("--\r\n").toString();
  }

  /** A Pages deployment as Cloudflare describes it, in the host's states. */
  static DeploymentStatus status(String project, JsonObject d) {
    JsonObject stage = JsonValues.object(d, "latest_stage");
    String name = stage == null ? "" : String.valueOf(JsonValues.string(stage, "name"));
    String status = stage == null ? "" : String.valueOf(JsonValues.string(stage, "status"));
    String state =
        switch (status) {
          case "failure" -> DeploymentStatus.ERROR;
          case "canceled", "cancelled" -> DeploymentStatus.CANCELLED;
          case "success" ->
              "deploy".equals(name) ? DeploymentStatus.READY : DeploymentStatus.BUILDING;
          default -> DeploymentStatus.BUILDING;
        };
    String log =
        DeploymentStatus.ERROR.equals(state)
            ? "The " + name + " stage of the Pages deployment failed."
            : null;
    return new DeploymentStatus(
        project + "/" + JsonValues.string(d, "id"), state, JsonValues.string(d, "url"), log);
  }

  private static String[] reference(String reference) throws DeploymentException {
    int slash = reference.lastIndexOf('/');
    if (slash <= 0 || slash == reference.length() - 1) {
      throw new DeploymentException(
          "deploy_provider_error", "Not a Pages deployment reference: " + reference, null);
    }
    return new String[] {reference.substring(0, slash), reference.substring(slash + 1)};
  }

  @Override
  public DeploymentStatus status(DeploymentCredentials c, String reference)
      throws DeploymentException {
    String[] ref = reference(reference);
    HttpResponse<String> r =
        send(
            request(projectPath(c, ref[0]) + "/deployments/" + enc(ref[1]), c.token())
                .GET()
                .build());
    return status(ref[0], resultObject(r, "the status of deployment " + ref[1]));
  }

  /** Pages cannot stop a direct upload: the deployment is deleted (forced, even if it is live). */
  @Override
  public void cancel(DeploymentCredentials c, String reference) throws DeploymentException {
    String[] ref = reference(reference);
    HttpResponse<String> r =
        send(
            request(
                    projectPath(c, ref[0]) + "/deployments/" + enc(ref[1]) + "?force=true",
                    c.token())
                .DELETE()
                .build());
    if (!ProviderCalls.ok(r) && r.statusCode() != 404) {
      throw failure(r, "the deletion of deployment " + ref[1]);
    }
  }
}
