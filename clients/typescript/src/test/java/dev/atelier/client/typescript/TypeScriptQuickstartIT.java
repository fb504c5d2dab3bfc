package dev.atelier.client.typescript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.FakeUpstream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the npm package's quickstart ({@code test/quickstart.test.ts}, compiled by the build into
 * {@code dist/test/}) with Node's test runner against a started server (the built {@code
 * atelier.jar}) whose bundled OpenAI-compatible provider may call a loopback fake streaming one
 * answer.
 */
class TypeScriptQuickstartIT {

  private static final Path PACKAGE =
      Path.of(System.getProperty("atelier.clients.typescript.dir", ".")).toAbsolutePath();

  private static FakeUpstream provider;
  private static AtelierServer.Running server;

  @BeforeAll
  static void start() throws Exception {
    provider = FakeUpstream.start();
    server =
        AtelierServer.launch(
            "quickstart-typescript",
            Map.of("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true"),
            List.of("--nocluster"),
            null);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void quickstartPasses() throws Exception {
    provider.reply(FakeUpstream.Reply.openAiAnswer("Hello from the fake model"));
    ProcessBuilder pb =
        new ProcessBuilder(
                "node", "--test", "--test-timeout=120000", "--test-reporter=spec", "dist/test/")
            .directory(PACKAGE.toFile())
            .redirectErrorStream(true);
    pb.environment().put("ATELIER_URL", server.baseUrl());
    pb.environment().put("ATELIER_FAKE_PROVIDER_URL", provider.url() + "/v1");
    Process node = pb.start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(2, TimeUnit.MINUTES)) {
      node.destroyForcibly();
    }
    System.out.println(output);
    assertEquals(0, node.exitValue(), "node --test dist/test/:\n" + output);
    assertEquals(
        "/v1/chat/completions", provider.lastRequest().path(), provider.requests().toString());
  }
}
