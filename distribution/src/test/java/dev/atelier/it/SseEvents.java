package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.testkit.Accounts.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a run's server-sent events to the end of the stream, as a client would. */
final class SseEvents {

  private SseEvents() {}

  /**
   * Reads {@code GET /api/v1/runs/{runId}/events} of the server at {@code baseUrl} as {@code s}
   * (resuming after {@code lastEventId} when not null) until the server ends the stream: each event
   * as {id (null for a live delta), type, data}.
   */
  static List<String[]> read(String baseUrl, Session s, String runId, String lastEventId)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/runs/" + runId + "/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .header("X-Forwarded-For", s.api().address())
            .header("Authorization", "Bearer " + s.accessToken());
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> res =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, res.statusCode());
    assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    List<String[]> out = new ArrayList<>();
    String[] current = new String[3];
    try (Stream<String> lines = res.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("id:")) {
          current[0] = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          current[1] = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          current[2] = line.substring(5).trim();
        } else if (line.isEmpty() && current[1] != null) {
          out.add(current);
          current = new String[3];
        }
      }
    }
    return out;
  }
}
