package dev.atelier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the responses {@link Api} receives against the server's own OpenAPI document ({@code
 * /openapi.json}, fetched once per server and kept): the operation is found by method and path
 * template, the status must be documented (or a {@code default} answer), a response documented
 * without content must have no body, the media type must be one the document gives, and a JSON body
 * must match the schema (JSON Schema 2020-12, formats asserted).
 *
 * <p>System property {@code atelier.testkit.openapi}: {@code fail} (the default) throws an {@link
 * AssertionError} naming the operation, the status, the body and what is wrong, so the test that
 * made the call fails; {@code report} does not fail; {@code off} checks nothing. Either way each
 * violation is also appended to {@code openapi-violations.txt} in {@code atelier.test.workdir},
 * with the test that met it. Requests to paths the document does not have (pages, assets, a path a
 * test makes up) are not checked. One call opts out with {@link Api#unchecked(String)}.
 */
final class Contract {

  /** What is done with a violation. */
  enum Mode {
    FAIL,
    REPORT,
    OFF
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Map<String, Contract> BY_SERVER = new ConcurrentHashMap<>();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .pathType(PathType.JSON_POINTER)
          .locale(Locale.ENGLISH)
          .formatAssertionsEnabled(true)
          .build();

  /** One operation of the document: its path template as a pattern, two ways. */
  private record Operation(
      String method,
      String template,
      Pattern segments,
      Pattern spanning,
      int literals,
      JsonNode op) {

    String name() {
      String id = op.path("operationId").asText("");
      return method + " " + template + (id.isEmpty() ? "" : " (" + id + ")");
    }
  }

  private final List<Operation> operations = new ArrayList<>();
  private final JsonNode components;
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  Contract(JsonNode document) {
    components = document.path("components");
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      String template = path.getKey();
      Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
      while (ops.hasNext()) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase(Locale.ROOT);
        if (!Set.of("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
            .contains(method)) {
          continue;
        }
        operations.add(
            new Operation(
                method,
                template,
                pattern(template, "[^/]+"),
                pattern(template, ".+"),
                template.replaceAll("\\{[^}]*}", "").length(),
                op.getValue()));
      }
    }
  }

  /** The mode asked for by {@code atelier.testkit.openapi}. */
  static Mode mode() {
    String m = System.getProperty("atelier.testkit.openapi", "fail").trim();
    return switch (m.toLowerCase(Locale.ROOT)) {
      case "off", "false", "none" -> Mode.OFF;
      case "report" -> Mode.REPORT;
      default -> Mode.FAIL;
    };
  }

  /** Checks one response (of {@code method} on {@code uri}) as the mode says. */
  static void check(String method, URI uri, Api.Res res) {
    Mode mode = mode();
    if (mode == Mode.OFF) {
      return;
    }
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    Contract contract = of(base);
    if (contract == null) {
      return;
    }
    String violation = contract.violation(method, uri.getRawPath(), res);
    if (violation == null) {
      return;
    }
    report(caller() + ": " + violation);
    if (mode == Mode.FAIL) {
      throw new AssertionError("The response does not match the OpenAPI document: " + violation);
    }
  }

  /** The contract of the server at {@code base}, or null when it has no document (yet). */
  private static Contract of(String base) {
    Contract known = BY_SERVER.get(base);
    if (known != null) {
      return known;
    }
    try {
      HttpResponse<String> res =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(base + "/openapi.json"))
                  .timeout(Duration.ofSeconds(60))
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        return null;
      }
      JsonNode doc = JSON.readTree(res.body());
      if (!doc.has("openapi") || !doc.has("paths")) {
        return null;
      }
      Contract c = new Contract(doc);
      Contract raced = BY_SERVER.putIfAbsent(base, c);
      return raced != null ? raced : c;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** What is wrong with {@code res}, or null when nothing is (or nothing is documented). */
  String violation(String method, String rawPath, Api.Res res) {
    Operation op = find(method, rawPath);
    if (op == null) {
      return null;
    }
    String what = op.name() + " [" + method + " " + rawPath + "] answered " + res.status();
    String body = res.text() == null ? "" : res.text();
    String shown = body.length() > 2000 ? body.substring(0, 2000) + "..." : body;
    JsonNode responses = op.op().path("responses");
    String status = Integer.toString(res.status());
    JsonNode response = responses.get(status);
    if (response == null) {
      response = responses.get(status.charAt(0) + "XX");
    }
    if (response == null) {
      response = responses.get("default");
    }
    if (response == null) {
      return what + ": status " + status + " is not documented" + ": " + shown;
    }
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      return body.isEmpty() ? null : what + ": a body where none is documented: " + shown;
    }
    if (body.isEmpty()) {
      return what + ": no body, but the document gives " + names(content);
    }
    String contentType = res.header("Content-Type");
    String mediaType =
        contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    JsonNode media = media(content, mediaType);
    if (media == null) {
      return what
          + ": media type '"
          + mediaType
          + "' is not documented ("
          + names(content)
          + "): "
          + shown;
    }
    if (!(mediaType.equals("application/json") || mediaType.endsWith("+json"))
        || !media.has("schema")) {
      return null;
    }
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      return what + ": not JSON: " + shown;
    }
    JsonSchema schema =
        compiled.computeIfAbsent(
            op.method() + " " + op.template() + " " + status + " " + mediaType,
            k -> compile(media.get("schema")));
    Set<String> errors = new TreeSet<>();
    for (ValidationMessage m : schema.validate(json)) {
      errors.add(m.getMessage());
    }
    if (errors.isEmpty()) {
      return null;
    }
    return what + ": " + String.join("; ", errors) + ": " + shown;
  }

  private Operation find(String method, String rawPath) {
    Operation best = null;
    for (boolean spanning : new boolean[] {false, true}) {
      for (Operation op : operations) {
        if (!op.method().equals(method)) {
          continue;
        }
        Matcher m = (spanning ? op.spanning() : op.segments()).matcher(rawPath);
        if (m.matches() && (best == null || op.literals() > best.literals())) {
          best = op;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  private JsonSchema compile(JsonNode schema) {
    ObjectNode root =
        schema.isObject() ? ((ObjectNode) schema).deepCopy() : JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", components);
    JsonSchema s = FACTORY.getSchema(root, CONFIG);
    s.initializeValidators();
    return s;
  }

  private static JsonNode media(JsonNode content, String mediaType) {
    if (content.has(mediaType)) {
      return content.get(mediaType);
    }
    Iterator<String> names = content.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals("*/*")
          || (n.endsWith("/*") && mediaType.startsWith(n.substring(0, n.length() - 1)))) {
        return content.get(name);
      }
    }
    return null;
  }

  private static String names(JsonNode content) {
    List<String> out = new ArrayList<>();
    content.fieldNames().forEachRemaining(out::add);
    return String.join(", ", out);
  }

  private static Pattern pattern(String template, String parameter) {
    StringBuilder regex = new StringBuilder();
    Matcher m = Pattern.compile("\\{[^}]*}").matcher(template);
    int at = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(at, m.start()))).append(parameter);
      at = m.end();
    }
    regex.append(Pattern.quote(template.substring(at)));
    return Pattern.compile(regex.toString());
  }

  /** The test method that made the call, for the report. */
  private static String caller() {
    for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
      String c = e.getClassName();
      if (!c.startsWith("dev.atelier.testkit.")
          && !c.startsWith("java.")
          && !c.startsWith("jdk.")
          && c.startsWith("dev.atelier.")) {
        return c.substring(c.lastIndexOf('.') + 1) + "." + e.getMethodName();
      }
    }
    return "?";
  }

  private static synchronized void report(String violation) {
    Path file =
        Path.of(System.getProperty("atelier.test.workdir", "target/system-test"))
            .resolve("openapi-violations.txt");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          violation.replace('\n', ' ') + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
