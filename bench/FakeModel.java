import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible chat-completions endpoint for the queue benchmark: answers every request at
 * once (a streamed "ok" with usage) and writes the first user message of each request on a line of
 * its log, so the benchmark can check that every run's input was seen exactly once.
 *
 * <pre>java bench/FakeModel.java PORT LOG_FILE</pre>
 */
public final class FakeModel {

  private static final Pattern USER =
      Pattern.compile("\"role\"\\s*:\\s*\"user\"\\s*,\\s*\"content\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static BufferedWriter log;

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    log = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/v1/chat/completions", FakeModel::complete);
    server.createContext("/v1/flush", FakeModel::flush);
    server.start();
    System.out.println("fake model on http://127.0.0.1:" + port + "/v1");
  }

  private static void complete(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Matcher m = USER.matcher(body);
    String input = m.find() ? m.group(1) : "?";
    synchronized (FakeModel.class) {
      log.write(input);
      log.newLine();
    }
    String sse =
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":null}]}\n\n"
            + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\n\n"
            + "data: [DONE]\n\n";
    byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Writes the log out, so the benchmark can read it. */
  private static void flush(HttpExchange ex) throws IOException {
    synchronized (FakeModel.class) {
      log.flush();
    }
    ex.sendResponseHeaders(204, -1);
    ex.close();
  }
}
