package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The document the server serves (core and bundled plugins) passes three OpenAPI linters, at the
 * versions the build installs into {@code target/lint} ({@code src/test/lint/package-lock.json},
 * {@code openapi-generator.version} of the root pom): Spectral's {@code spectral:oas} rules with no
 * error and no warning, Redocly's {@code recommended} rules with no error, and openapi-generator's
 * {@code validate}. The document is written to {@code target/lint/openapi.json} to run them by hand
 * (docs/api-conventions.md).
 */
@ExtendWith(AtelierServer.class)
class OpenApiLintIT {

  private static final Path LINT =
      Path.of(System.getProperty("atelier.test.lint.dir", "target/lint")).toAbsolutePath();

  private static Path document;

  @BeforeAll
  static void writeDocument() throws IOException {
    Api.Res res = Api.anonymous().get("/openapi.json", "application/json", false);
    assertEquals(200, res.status(), res.toString());
    assertTrue(
        Files.isDirectory(LINT.resolve("node_modules")),
        LINT + " has no node_modules: run the build's pre-integration-test phase (npm ci)");
    document = LINT.resolve("openapi.json");
    Files.writeString(document, res.text(), StandardCharsets.UTF_8);
  }

  @Test
  void spectralFindsNoErrorAndNoWarning() throws Exception {
    Result r =
        run(
            "node",
            LINT.resolve("node_modules/@stoplight/spectral-cli/dist/index.js").toString(),
            "lint",
            "--ruleset",
            "spectral.yaml",
            "--fail-severity",
            "warn",
            "--format",
            "text",
            document.toString());
    assertEquals(0, r.exit(), "Spectral (spectral:oas):\n" + r.output());
  }

  @Test
  void redoclyFindsNoError() throws Exception {
    Result r =
        run(
            "node",
            LINT.resolve("node_modules/@redocly/cli/bin/cli.js").toString(),
            "lint",
            "--config",
            "redocly.yaml",
            "--format",
            "stylish",
            document.toString());
    assertEquals(0, r.exit(), "Redocly (recommended):\n" + r.output());
  }

  @Test
  void openapiGeneratorValidates() throws Exception {
    Result r =
        run(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            LINT.resolve("openapi-generator-cli.jar").toString(),
            "validate",
            "--recommend",
            "--input-spec",
            document.toString());
    assertEquals(0, r.exit(), "openapi-generator validate:\n" + r.output());
    assertTrue(r.output().contains("No validation issues detected"), r.output());
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(command));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(LINT.toFile()).redirectErrorStream(true);
    pb.environment().put("REDOCLY_TELEMETRY", "off");
    pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    pb.environment().put("NO_COLOR", "1");
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(cmd.get(0) + " did not finish:\n" + output);
    }
    System.out.println(String.join(" ", cmd) + "\n" + output);
    return new Result(p.exitValue(), output);
  }
}
