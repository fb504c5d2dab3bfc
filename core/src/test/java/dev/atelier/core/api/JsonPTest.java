package dev.atelier.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JsonPTest {

  private static final Pattern LOOKUP = Pattern.compile("\\bJson\\.create\\w*\\(");

  /** {@code jakarta.json.Json.create…} scans the class path on every call: none in core. */
  @Test
  void coreCodeDoesNotUseTheJsonFactoryMethods() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      List<String> offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> LOOKUP.matcher(read(f)).find())
              .map(Path::toString)
              .sorted()
              .toList();
      assertEquals(List.of(), offenders, "use JsonP.JSON instead of jakarta.json.Json");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
