package dev.atelier.plugin.api.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a {@code text/event-stream} body one event at a time, as the SSE specification parses it:
 * {@code event:} and {@code data:} fields (several data lines joined by newlines), comments and
 * other fields ignored, an event dispatched at a blank line, an unfinished event at the end of the
 * stream dropped. When no byte arrives for the idle timeout, a watchdog closes the stream and
 * {@link #next()} throws {@link HttpTimeoutException}. Closing the reader closes the stream, which
 * aborts the HTTP exchange. For plugins that consume streamed provider APIs (model providers, chat
 * platforms).
 *
 * @since 1.0.0
 */
public final class SseReader implements AutoCloseable {

  /** One event: its type ({@code message} when the stream named none) and its data. */
  public record Event(String name, String data) {}

  private final InputStream in;
  private final BufferedReader lines;
  private final long idleNanos;
  private volatile long lastActivity = System.nanoTime();
  private volatile boolean closed;
  private volatile boolean timedOut;

  /** Reads {@code in}, closing it when no byte arrives for {@code idleTimeout}. */
  public SseReader(InputStream in, Duration idleTimeout) {
    this.in = in;
    this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.idleNanos = idleTimeout.toNanos();
    watchAfter(idleNanos);
  }

  /** The next event, or null at the end of the stream. */
  public Event next() throws IOException {
    String name = null;
    StringBuilder data = null;
    while (true) {
      String line;
      try {
        line = lines.readLine();
      } catch (IOException e) {
        throw timedOut ? timeout() : e;
      }
      if (timedOut) {
        throw timeout();
      }
      lastActivity = System.nanoTime();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(name == null ? "message" : name, data.toString());
        }
        name = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      } else if (field.equals("event")) {
        name = value;
      }
    }
  }

  private HttpTimeoutException timeout() {
    return new HttpTimeoutException(
        "no data for " + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s");
  }

  private void watchAfter(long delayNanos) {
    CompletableFuture.runAsync(
        this::watch, CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS));
  }

  private void watch() {
    if (closed) {
      return;
    }
    long idle = System.nanoTime() - lastActivity;
    if (idle >= idleNanos) {
      timedOut = true;
      close();
    } else {
      watchAfter(idleNanos - idle);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      in.close();
    } catch (IOException e) {
      // closing is all that is left to do
    }
  }
}
