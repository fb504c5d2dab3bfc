package dev.atelier.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atelier.testkit.Api;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat-completions endpoint on loopback that answers in the real wire format
 * (server-sent {@code chat.completion.chunk}s, tool calls streamed in fragments, usage in the last
 * chunk). What it answers depends on the conversation: the latest user message names a scenario. A
 * message with {@code hold:<gate>} in it holds its answer (the last one, after any tool call) while
 * that gate is closed, so a run can be caught in the middle of a step. {@code call tool <name>
 * <arguments JSON>} calls that tool, then answers with the length of its result. {@code midway
 * hold:<gate>} writes "Part one", holds at the gate, then writes " and two".
 */
final class FakeModelProvider implements AutoCloseable {

  /** In a list of texts to stream: hold at the gate its scenario names before the next text. */
  private static final String HOLD = "\u0000";

  private final HttpServer server;
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
  private final Map<String, Semaphore> held = new ConcurrentHashMap<>();

  FakeModelProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/chat/completions", this::complete);
    server.createContext(
        "/v1/models",
        ex -> respond(ex, 200, "application/json", "{\"data\":[{\"id\":\"fake-1\"}]}"));
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    gates.values().forEach(CountDownLatch::countDown);
    server.stop(0);
  }

  /** Holds the answers of scenarios that name {@code hold:<gate>} until {@link #open}. */
  void close(String gate) {
    gates.put(gate, new CountDownLatch(1));
    held.put(gate, new Semaphore(0));
  }

  /** Lets the held answers of {@code gate} go, and every later one. */
  void open(String gate) {
    gates.get(gate).countDown();
  }

  /** Waits until {@code count} requests are held at {@code gate}. */
  void awaitHeld(String gate, int count) throws InterruptedException {
    if (!held.get(gate).tryAcquire(count, 120, TimeUnit.SECONDS)) {
      throw new AssertionError("no request was held at " + gate);
    }
  }

  /** The scenario of a request: its latest user message (the turn being answered). */
  static String scenario(JsonNode request) {
    String scenario = "";
    for (JsonNode m : request.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        scenario = m.path("content").asText();
      }
    }
    return scenario;
  }

  /** Whether a request comes after a tool result (the model's second or later call). */
  static boolean afterTool(JsonNode request) {
    JsonNode messages = request.path("messages");
    return "tool".equals(messages.get(messages.size() - 1).path("role").asText());
  }

  /** How many requests of {@code scenario} came, before or after a tool result. */
  long calls(String scenario, boolean afterTool) {
    return requests.stream()
        .filter(r -> scenario.equals(scenario(r)) && afterTool(r) == afterTool)
        .count();
  }

  private void hold(String scenario) {
    int at = scenario.indexOf("hold:");
    if (at < 0) {
      return;
    }
    String gate = scenario.substring(at + 5).split("\\s+")[0];
    CountDownLatch latch = gates.get(gate);
    if (latch == null || latch.getCount() == 0) {
      return;
    }
    held.get(gate).release();
    try {
      latch.await(300, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void complete(HttpExchange ex) throws IOException {
    JsonNode body = Api.JSON.readTree(ex.getRequestBody());
    requests.add(body);
    if (!"Bearer test-key".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      respond(ex, 401, "application/json", "{\"error\":{\"message\":\"Incorrect API key\"}}");
      return;
    }
    ArrayNode messages = (ArrayNode) body.path("messages");
    String scenario = scenario(body);
    JsonNode last = messages.get(messages.size() - 1);
    boolean afterTool = "tool".equals(last.path("role").asText());
    try {
      if (scenario.startsWith("fail")) {
        respond(ex, 400, "application/json", "{\"error\":{\"message\":\"bad request from fake\"}}");
      } else if (scenario.startsWith("list files") && !afterTool) {
        stream(ex, List.of(), List.of(toolCall("call_1", "list_files", "{\"pa", "th\":\"\"}")), 0);
      } else if (scenario.startsWith("list twice") && !afterTool) {
        stream(
            ex,
            List.of(),
            List.of(
                toolCall("call_a", "list_files", "{}"),
                toolCall("call_b", "read_file", "{\"path\":", "\"readme.md\"}")),
            0);
      } else if (scenario.startsWith("write a file") && !afterTool) {
        stream(
            ex,
            List.of(),
            List.of(
                toolCall(
                    "call_w", "write_file", "{\"path\":\"notes.txt\",", "\"content\":\"hi\"}")),
            0);
      } else if (scenario.startsWith("call tool ") && !afterTool) {
        // "call tool <name> <arguments JSON>"
        String[] words = scenario.split(" ", 4);
        stream(ex, List.of(), List.of(toolCall("call_t", words[2], words[3])), 0);
      } else if (scenario.startsWith("flood")) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
          parts.add(String.format("%04d|%s", i, "x".repeat(4000)));
        }
        stream(ex, parts, List.of(), 0);
      } else if (scenario.startsWith("slow tools") && !afterTool) {
        stream(
            ex,
            List.of("looking ", "at ", "files "),
            List.of(toolCall("call_s", "list_files", "{}")),
            300);
      } else if (scenario.startsWith("slow tools")) {
        stream(ex, List.of("found ", "them"), List.of(), 300);
      } else if (scenario.startsWith("midway")) {
        // "midway hold:<gate>": writes half the answer, holds at the gate, then the rest
        stream(ex, List.of("Part one", HOLD + scenario, " and two"), List.of(), 0);
      } else if (scenario.startsWith("slow")) {
        stream(ex, List.of("one ", "two ", "three ", "four ", "five"), List.of(), 700);
      } else if (afterTool) {
        hold(scenario);
        stream(
            ex, List.of("Done: ", last.path("content").asText().length() + " chars"), List.of(), 0);
      } else {
        hold(scenario);
        stream(ex, List.of("Hel", "lo ", "there"), List.of(), 0);
      }
    } catch (IOException e) {
      // the client went away (a cancelled run)
    }
  }

  private static ObjectNode toolCall(String id, String name, String... argumentParts) {
    ObjectNode call = Api.JSON.createObjectNode();
    call.put("id", id).put("name", name);
    ArrayNode parts = call.putArray("parts");
    for (String p : argumentParts) {
      parts.add(p);
    }
    return call;
  }

  private void stream(HttpExchange ex, List<String> texts, List<ObjectNode> calls, long pauseMs)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      chunk(
          out,
          "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
      for (String t : texts) {
        if (t.startsWith(HOLD)) {
          hold(t.substring(HOLD.length()));
          continue;
        }
        pause(pauseMs);
        chunk(
            out,
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":"
                + Api.JSON.writeValueAsString(t)
                + "},\"finish_reason\":null}]}");
      }
      String finish = "stop";
      for (int i = 0; i < calls.size(); i++) {
        ObjectNode call = calls.get(i);
        finish = "tool_calls";
        boolean first = true;
        for (JsonNode part : call.path("parts")) {
          String head =
              first
                  ? "\"id\":\""
                      + call.path("id").asText()
                      + "\",\"type\":\"function\","
                      + "\"function\":{\"name\":\""
                      + call.path("name").asText()
                      + "\",\"arguments\":"
                  : "\"function\":{\"arguments\":";
          chunk(
              out,
              "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                  + "\"delta\":{\"tool_calls\":[{\"index\":"
                  + i
                  + ","
                  + head
                  + Api.JSON.writeValueAsString(part.asText())
                  + "}}]},\"finish_reason\":null}]}");
          first = false;
        }
      }
      chunk(
          out,
          "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
              + "\"delta\":{},\"finish_reason\":\""
              + finish
              + "\"}]}");
      chunk(
          out,
          "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
              + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}");
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static void chunk(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void pause(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
