package dev.atelier.plugin.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The SSE parsing rules the providers rely on, beyond what their fixtures show. */
class SseReaderTest {

  private static SseReader reader(String text) {
    return new SseReader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Duration.ofSeconds(5));
  }

  @Test
  void followsTheEventStreamFormat() throws Exception {
    try (SseReader r =
        reader(
            ": a comment\r\n"
                + "retry: 1000\r\n"
                + "event: first\r\n"
                + "data: line one\r\n"
                + "data:line two\r\n"
                + "\r\n"
                + "\n"
                + "id: 7\n"
                + "data: {\"x\":1}\n"
                + "\n"
                + "event: unfinished\n"
                + "data: dropped at the end\n")) {
      assertEquals(new SseReader.Event("first", "line one\nline two"), r.next());
      assertEquals(new SseReader.Event("message", "{\"x\":1}"), r.next());
      assertNull(r.next());
    }
  }
}
