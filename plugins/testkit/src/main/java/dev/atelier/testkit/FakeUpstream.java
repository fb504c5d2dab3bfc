package dev.atelier.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted HTTP server on loopback that stands in for a third-party API a plugin calls (a model
 * provider, a git host), for tests of the plugin's real client code over real HTTP. Each request
 * gets the next scripted {@link Reply}, written to the wire as scripted: a status and headers, then
 * body pieces each sent and flushed as one chunk, pauses between them, and optionally a connection
 * dropped before the body ends. Every request is recorded.
 *
 * <pre>{@code
 * try (FakeUpstream api = FakeUpstream.start()) {
 *   api.reply(Reply.status(200).header("Content-Type", "text/event-stream")
 *       .chunk("data: {\"x\":1}\n\n").cut());
 *   // call api.url() with the client under test, then look at api.requests()
 * }
 * }</pre>
 */
public final class FakeUpstream implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private FakeUpstream(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on a free port of the loopback address. */
  public static FakeUpstream start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newCachedThreadPool(
              r -> {
                Thread t = new Thread(r, "fake-upstream");
                t.setDaemon(true);
                return t;
              });
      FakeUpstream fake = new FakeUpstream(server, executor);
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, e.g. {@code http://127.0.0.1:40123} (no trailing slash). */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues {@code reply} for the next request that has none yet; replies go out in order. */
  public FakeUpstream reply(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** The requests received so far, in order. */
  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  /** The last request received; fails when there was none. */
  public Recorded lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError("The fake upstream received no request");
    }
    return requests.get(requests.size() - 1);
  }

  @Override
  public void close() {
    closed = true;
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    requests.add(
        new Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            headers,
            new String(body, StandardCharsets.UTF_8)));
    Reply reply = replies.poll();
    if (reply == null) {
      reply = Reply.status(500).chunk("FakeUpstream: no reply scripted for this request");
    }
    reply.writeTo(exchange, this);
  }

  private void sleep(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    try {
      while (!closed && System.nanoTime() < until) {
        Thread.sleep(Math.max(1, Math.min(50, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One request as received. Header names are lower case. */
  public record Recorded(
      String method, String path, Map<String, List<String>> headers, String body) {

    /** The first value of header {@code name}, or null. */
    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** What the fake answers to one request: status, headers, then body pieces and pauses. */
  public static final class Reply {

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Object> steps = new ArrayList<>();
    private boolean cut;

    private Reply(int status) {
      this.status = status;
    }

    /** A reply with {@code status} and, so far, an empty body. */
    public static Reply status(int status) {
      return new Reply(status);
    }

    /** A reply with {@code status} and a JSON body. */
    public static Reply json(int status, String json) {
      return status(status).header("Content-Type", "application/json").chunk(json);
    }

    /**
     * A 200 {@code text/event-stream} reply whose body is {@code events}, the exact wire text of a
     * server-sent event stream: each event (up to and including its blank line) is sent as one
     * chunk, as streaming servers do.
     */
    public static Reply eventStream(String events) {
      Reply r = status(200).header("Content-Type", "text/event-stream; charset=utf-8");
      String normalized = events.replace("\r\n", "\n");
      int from = 0;
      while (from < normalized.length()) {
        int end = normalized.indexOf("\n\n", from);
        int to = end < 0 ? normalized.length() : end + 2;
        r.chunk(normalized.substring(from, to));
        from = to;
      }
      return r;
    }

    /**
     * An OpenAI chat-completions stream ({@code chat.completion.chunk}s, usage in the last chunk,
     * then {@code [DONE]}) whose answer is {@code text} (plain text: no quotes or backslashes):
     * what an OpenAI-compatible provider sends a run that asks for one answer.
     */
    public static Reply openAiAnswer(String text) {
      String chunk =
          "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
              + "\"model\":\"fake-1\",\"choices\":[%s]%s}\n\n";
      String choice = "{\"index\":0,\"delta\":%s,\"finish_reason\":%s}";
      return eventStream(
          String.format(
                  chunk,
                  String.format(choice, "{\"role\":\"assistant\",\"content\":\"\"}", "null"),
                  "")
              + String.format(
                  chunk, String.format(choice, "{\"content\":\"" + text + "\"}", "null"), "")
              + String.format(chunk, String.format(choice, "{}", "\"stop\""), "")
              + String.format(
                  chunk,
                  "",
                  ",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":5,\"total_tokens\":10}")
              + "data: [DONE]\n\n");
    }

    /**
     * Like {@link #eventStream(String)}, but the UTF-8 bytes go out in pieces of {@code size}
     * bytes, cutting lines, events and characters anywhere, as a network may.
     */
    public static Reply eventStreamInPieces(String events, int size) {
      Reply r = status(200).header("Content-Type", "text/event-stream; charset=utf-8");
      byte[] all = events.getBytes(StandardCharsets.UTF_8);
      for (int from = 0; from < all.length; from += size) {
        r.steps.add(java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + size)));
      }
      return r;
    }

    /** Adds a response header. */
    public Reply header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** Sends {@code text} (UTF-8) and flushes it, as one chunk. */
    public Reply chunk(String text) {
      steps.add(text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** Waits {@code pause} before the next step (or before ending the body). */
    public Reply pause(Duration pause) {
      steps.add(pause);
      return this;
    }

    /** Drops the connection after the steps, without ending the body: a stream cut short. */
    public Reply cut() {
      this.cut = true;
      return this;
    }

    private void writeTo(HttpExchange exchange, FakeUpstream fake) throws IOException {
      headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      // one piece (or none) goes out with a Content-Length; anything else chunked, as scripted
      byte[] whole = null;
      if (!cut && steps.isEmpty()) {
        whole = new byte[0];
      } else if (!cut && steps.size() == 1 && steps.get(0) instanceof byte[] only) {
        whole = only;
      }
      try {
        if (whole != null && whole.length == 0) {
          exchange.sendResponseHeaders(status, -1);
          return;
        }
        exchange.sendResponseHeaders(status, whole != null ? whole.length : 0);
        OutputStream out = exchange.getResponseBody();
        if (whole != null) {
          out.write(whole);
        } else {
          for (Object step : steps) {
            if (step instanceof Duration d) {
              fake.sleep(d);
            } else {
              out.write((byte[]) step);
              out.flush();
            }
          }
        }
        if (cut) {
          // Give the client time to read what was sent: a connection closed with data still in
          // flight can arrive as a reset that makes the client's stack drop that data.
          fake.sleep(Duration.ofMillis(200));
          // An exception out of the handler makes the JDK server close the connection as it is.
          throw new IOException("FakeUpstream: connection cut as scripted");
        }
        out.close();
      } finally {
        if (!cut) {
          exchange.close();
        }
      }
    }
  }
}
