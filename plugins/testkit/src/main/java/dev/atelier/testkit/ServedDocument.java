package dev.atelier.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts a server as {@link AtelierServer} does (the same system properties: {@code atelier.jar},
 * {@code atelier.test.workdir} …), writes the OpenAPI document it serves at {@code /openapi.json}
 * to a file, and stops it: the document the typed clients are generated from in the build, core and
 * bundled plugins alike.
 *
 * <pre>
 * {@code java -Datelier.jar=distribution/target/atelier.jar dev.atelier.testkit.ServedDocument target/openapi.json}
 * </pre>
 */
public final class ServedDocument {

  private ServedDocument() {}

  /**
   * @param args the file to write
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ServedDocument <file to write>");
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    AtelierServer.Running server =
        AtelierServer.launch("document", Map.of(), List.of("--nocluster"), null);
    try {
      HttpResponse<String> res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.baseUrl() + "/openapi.json"))
                      .header("Accept", "application/json")
                      .timeout(Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /openapi.json answered " + res.statusCode() + ": " + res.body());
      }
      Files.createDirectories(out.getParent());
      Files.writeString(out, res.body());
      System.out.println("The served OpenAPI document is in " + out);
    } finally {
      server.stop();
    }
  }
}
