package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AppServers;
import dev.atelier.testkit.AtelierServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A server of its own for tests of runs and chat: allowed to call loopback, with the bundled
 * OpenAI-compatible provider pointed at a {@link FakeModelProvider} that streams the real wire
 * format.
 */
final class AgentServer implements AutoCloseable {

  final FakeModelProvider provider;
  final AtelierServer.Running server;
  final Api anon;

  private AgentServer(FakeModelProvider provider, AtelierServer.Running server) {
    this.provider = provider;
    this.server = server;
    this.anon = Api.at(server.baseUrl());
  }

  /** Starts the fake provider and a server named {@code name} with {@code extraEnv}. */
  static AgentServer launch(String name, Map<String, String> extraEnv) throws Exception {
    return launch(name, extraEnv, null);
  }

  /**
   * Starts the fake provider and a server named {@code name} with {@code extraEnv}: {@code
   * atelier.jar} when {@code appServer} is null, else {@code atelier.war} deployed on that
   * application server.
   */
  static AgentServer launch(String name, Map<String, String> extraEnv, AppServers.Kind appServer)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_MODELS_PRICES", "openai:fake-1=1.00/2.00");
    env.putAll(extraEnv);
    FakeModelProvider provider = new FakeModelProvider();
    String db = null;
    try {
      db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
      if (appServer != null) {
        return new AgentServer(provider, AppServers.launch(appServer, name, env, db));
      }
      AtelierServer.Running r = AtelierServer.launch(name, env, List.of("--nocluster"), db);
      return new AgentServer(
          provider, new AtelierServer.Running(r.process(), r.baseUrl(), db, r.work()));
    } catch (Exception e) {
      provider.close();
      if (db != null) {
        AtelierServer.dropPgDatabase(db);
      }
      throw e;
    }
  }

  String baseUrl() {
    return server.baseUrl();
  }

  /** A new user whose workspace has the fake provider configured. */
  Session configured(String hint) {
    Session s = Accounts.newUser(anon, hint);
    Api.Res put =
        s.api()
            .put(
                "/api/v1/model-providers/openai/credentials",
                Map.of("api_key", "test-key", "base_url", provider.baseUrl()));
    assertEquals(204, put.status(), put.toString());
    return s;
  }

  /**
   * Creates agent {@code name} on the fake model with {@code tools} (a YAML list) and more YAML.
   */
  static void agent(Session s, String name, String tools, String extra) {
    String yaml =
        "name: "
            + name
            + "\ndescription: test agent\nmodel: openai:fake-1\ninstructions: Be brief.\n"
            + "tools: "
            + tools
            + "\nmax_steps: 5\n"
            + extra;
    Api.Res res = s.api().post("/api/v1/agents", Map.of("content", yaml, "format", "yaml"));
    assertEquals(201, res.status(), res.toString());
  }

  /** Polls run {@code runId} until its status is one of {@code statuses}; 30 s at most. */
  static JsonNode until(Session s, String runId, String... statuses) throws Exception {
    Set<String> wanted = Set.of(statuses);
    JsonNode run = null;
    for (int i = 0; i < 300; i++) {
      run = s.api().get("/api/v1/runs/" + runId).json();
      if (wanted.contains(run.path("status").asText())) {
        return run;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("run did not reach " + wanted + ": " + run);
  }

  /**
   * Posts a chat turn and reads the stream: each event as {type, data}; stops after {@code
   * stopAfter}.
   */
  List<String[]> chat(Session s, Map<String, ?> body, int stopAfter) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/chat/stream"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .header("X-Forwarded-For", s.api().address())
            .header("Authorization", "Bearer " + s.accessToken())
            .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)))
            .build();
    HttpResponse<Stream<String>> res =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, res.statusCode());
    List<String[]> out = new ArrayList<>();
    String[] current = new String[2];
    try (Stream<String> lines = res.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event:")) {
          current[0] = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          current[1] = line.substring(5).trim();
        } else if (line.isEmpty() && current[0] != null) {
          out.add(current);
          current = new String[2];
          if (out.size() >= stopAfter) {
            break; // the client goes away
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      provider.close();
    }
  }
}
