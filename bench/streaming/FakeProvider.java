import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible model provider on loopback for the streaming benchmark: every chat
 * completion streams CHUNKS text chunks, INTERVAL_MS apart, whose text is the wall-clock time (in
 * microseconds since the epoch) at which the chunk was written, followed by a space. A client that
 * reads the chunk (directly or through Atelier) subtracts it from its own clock when the chunk
 * arrives.
 *
 * <pre>
 *   java bench/streaming/FakeProvider.java PORT [CHUNKS] [INTERVAL_MS]
 * </pre>
 *
 * Prints "ready" once listening; stops after 2 hours at the latest.
 */
public class FakeProvider {

  static int chunks;
  static long intervalMs;
  static final AtomicLong served = new AtomicLong();

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    chunks = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    intervalMs = args.length > 2 ? Long.parseLong(args[2]) : 50;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 2048);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/chat/completions", FakeProvider::complete);
    server.createContext(
        "/v1/models",
        ex -> {
          byte[] body = "{\"data\":[{\"id\":\"bench-1\"}]}".getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("ready");
    Thread.sleep(2 * 3600 * 1000L);
    server.stop(0);
    System.exit(0);
  }

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private static void complete(HttpExchange ex) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    served.incrementAndGet();
    try (OutputStream out = ex.getResponseBody()) {
      write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
      for (int i = 0; i < chunks; i++) {
        sleep(intervalMs);
        write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"" + micros() + " \"},\"finish_reason\":null}]}");
      }
      write(out, "{\"id\":\"b\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":" + chunks
          + ",\"total_tokens\":" + (10 + chunks) + "}}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException gone) {
      // the client went away
    }
  }

  private static void write(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
