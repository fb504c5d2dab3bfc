package dev.atelier.plugins.model.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.model.ModelException;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.TokenUsage;
import dev.atelier.plugin.api.model.ToolCall;
import dev.atelier.plugin.api.model.ToolDefinition;
import dev.atelier.testkit.FakeUpstream;
import dev.atelier.testkit.FakeUpstream.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a fake Anthropic Messages API on loopback that sends the real wire format:
 * streamed text, streamed tool use, usage, error answers and error events, broken and stalled
 * streams, cancellation.
 */
class AnthropicClientTest {

  private static final String KEY = "sk-ant-api03-test-0123456789";

  private FakeUpstream api;
  private AnthropicClient client;

  @BeforeEach
  void start() {
    api = FakeUpstream.start();
    client = new AnthropicClient(api.url() + "/", Duration.ofSeconds(5), 4096);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static String fixture(String name) {
    try (InputStream in = AnthropicClientTest.class.getResourceAsStream("/anthropic/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixture up to and including the event that holds {@code marker}. */
  private static String upTo(String fixture, String marker) {
    String all = fixture(fixture);
    return all.substring(0, all.indexOf("\n\n", all.indexOf(marker)) + 2);
  }

  private static ModelRequest hello() {
    return new ModelRequest(
        "claude-3-5-haiku-latest",
        List.of(ModelMessage.system("Be brief."), ModelMessage.user("Hello")),
        null,
        null,
        null);
  }

  private ModelException failure(StreamHandler handler) {
    return assertThrows(ModelException.class, () -> client.complete(KEY, hello(), handler));
  }

  @Test
  void streamsTextAndReadsTheUsage() throws Exception {
    api.reply(Reply.eventStream(fixture("text.sse")));
    Recorder recorder = new Recorder();

    ModelResponse response = client.complete(KEY, hello(), recorder);

    assertEquals(List.of("Hello", "! How can I", " help you today? éè ☃"), recorder.texts);
    assertEquals("Hello! How can I help you today? éè ☃", response.message().content());
    assertEquals("stop", response.stopReason());
    assertEquals(new TokenUsage(25, 15), response.usage());
    assertTrue(response.message().toolCalls().isEmpty());

    FakeUpstream.Recorded request = api.lastRequest();
    assertEquals("POST", request.method());
    assertEquals("/v1/messages", request.path());
    assertEquals(KEY, request.header("x-api-key"));
    assertEquals("2023-06-01", request.header("anthropic-version"));
    JsonObject body = JsonValues.parse(request.body()).asJsonObject();
    assertEquals("claude-3-5-haiku-latest", body.getString("model"));
    assertEquals(4096, body.getInt("max_tokens"));
    assertTrue(body.getBoolean("stream"));
    assertEquals("Be brief.", body.getString("system"));
    JsonArray messages = body.getJsonArray("messages");
    assertEquals(1, messages.size(), "the system prompt is not a message");
    assertEquals("user", messages.getJsonObject(0).getString("role"));
    JsonObject hello = messages.getJsonObject(0).getJsonArray("content").getJsonObject(0);
    assertEquals("text", hello.getString("type"));
    assertEquals("Hello", hello.getString("text"));
    assertFalse(body.containsKey("tools"));
  }

  @Test
  void readsTheStreamWhateverPiecesTheNetworkCutsItInto() throws Exception {
    api.reply(Reply.eventStreamInPieces(fixture("text.sse"), 5));
    Recorder recorder = new Recorder();

    ModelResponse response = client.complete(KEY, hello(), recorder);

    assertEquals("Hello! How can I help you today? éè ☃", recorder.text());
    assertEquals(new TokenUsage(25, 15), response.usage());
  }

  @Test
  void assemblesToolUseFromPartialJson() throws Exception {
    api.reply(Reply.eventStream(fixture("tool_use.sse")));
    Recorder recorder = new Recorder();

    ModelResponse response = client.complete(KEY, hello(), recorder);

    List<ToolCall> expected =
        List.of(
            new ToolCall(
                "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                "get_weather",
                "{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"),
            new ToolCall(
                "toolu_01A09q90qw90lq917835lq9", "get_time", "{\"tz\": \"America/Los_Angeles\"}"));
    assertEquals(expected, recorder.calls);
    assertEquals(expected, response.message().toolCalls());
    assertEquals("Okay, let's check the weather and the time.", response.message().content());
    assertEquals("tool_calls", response.stopReason());
    assertEquals(new TokenUsage(472, 89), response.usage());
  }

  @Test
  void sendsToolsAndToolResultsTheWayTheApiWantsThem() throws Exception {
    api.reply(Reply.eventStream(fixture("text.sse")));
    ToolCall weather = new ToolCall("toolu_1", "get_weather", "{\"location\":\"Paris\"}");
    ToolCall time = new ToolCall("toolu_2", "get_time", "");
    ModelRequest request =
        new ModelRequest(
            "claude-sonnet-4-0",
            List.of(
                ModelMessage.system("You are terse."),
                ModelMessage.user("Weather and time in Paris?"),
                ModelMessage.assistant("Checking.", List.of(weather, time)),
                ModelMessage.toolResult("toolu_1", "18 C, sunny"),
                ModelMessage.toolResult("toolu_2", "14:05"),
                ModelMessage.user("Thanks, and tomorrow?")),
            List.of(
                new ToolDefinition(
                    "get_weather",
                    "The weather at a place",
                    "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},"
                        + "\"required\":[\"location\"]}"),
                new ToolDefinition("get_time", null, null)),
            0.5,
            1024);

    client.complete(KEY, request, StreamHandler.NONE);

    JsonObject body = JsonValues.parse(api.lastRequest().body()).asJsonObject();
    assertEquals(1024, body.getInt("max_tokens"));
    assertEquals(0.5, body.getJsonNumber("temperature").doubleValue());
    assertEquals("You are terse.", body.getString("system"));
    JsonArray messages = body.getJsonArray("messages");
    assertEquals(3, messages.size(), "user, assistant, user: " + messages);
    JsonObject assistant = messages.getJsonObject(1);
    assertEquals("assistant", assistant.getString("role"));
    JsonArray blocks = assistant.getJsonArray("content");
    assertEquals("text", blocks.getJsonObject(0).getString("type"));
    assertEquals("Checking.", blocks.getJsonObject(0).getString("text"));
    JsonObject use = blocks.getJsonObject(1);
    assertEquals("tool_use", use.getString("type"));
    assertEquals("toolu_1", use.getString("id"));
    assertEquals("get_weather", use.getString("name"));
    assertEquals("Paris", use.getJsonObject("input").getString("location"));
    assertTrue(blocks.getJsonObject(2).getJsonObject("input").isEmpty());
    JsonObject results = messages.getJsonObject(2);
    assertEquals("user", results.getString("role"));
    JsonArray resultBlocks = results.getJsonArray("content");
    assertEquals(3, resultBlocks.size(), "both results and the next question in one message");
    assertEquals("tool_result", resultBlocks.getJsonObject(0).getString("type"));
    assertEquals("toolu_1", resultBlocks.getJsonObject(0).getString("tool_use_id"));
    assertEquals("18 C, sunny", resultBlocks.getJsonObject(0).getString("content"));
    assertEquals("toolu_2", resultBlocks.getJsonObject(1).getString("tool_use_id"));
    assertEquals("Thanks, and tomorrow?", resultBlocks.getJsonObject(2).getString("text"));
    JsonArray tools = body.getJsonArray("tools");
    assertEquals("get_weather", tools.getJsonObject(0).getString("name"));
    assertEquals("The weather at a place", tools.getJsonObject(0).getString("description"));
    assertEquals(
        "location",
        tools.getJsonObject(0).getJsonObject("input_schema").getJsonArray("required").getString(0));
    assertEquals("object", tools.getJsonObject(1).getJsonObject("input_schema").getString("type"));
  }

  @Test
  void refusedCredentialsAreNotRetryable() {
    api.reply(
        Reply.json(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.AUTH_FAILED, e.code());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("invalid x-api-key"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void rateLimitsAreRetryableAfterWhatTheProviderSays() {
    api.reply(
        Reply.json(
                429,
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This"
                    + " request would exceed the rate limit for your organization of 50 input"
                    + " tokens per minute.\"}}")
            .header("retry-after", "12"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.RATE_LIMITED, e.code());
    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(12), e.retryAfter().orElseThrow());
  }

  @Test
  void overloadedAndServerErrorsAreRetryable() {
    api.reply(
        Reply.json(
            529,
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    api.reply(
        Reply.json(
            500,
            "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server"
                + " error\"}}"));

    for (int i = 0; i < 2; i++) {
      ModelException e = failure(StreamHandler.NONE);
      assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
      assertTrue(e.retryable());
    }
  }

  @Test
  void badRequestsCarryTheProviderMessage() {
    api.reply(
        Reply.json(
            404,
            "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model:"
                + " claude-9\"}}"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.REQUEST_INVALID, e.code());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("model: claude-9"), e.getMessage());
  }

  @Test
  void anOverloadedEventInsideTheStreamIsRetryable() {
    api.reply(
        Reply.eventStream(
            upTo("text.sse", "\"Hello\"")
                + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\":"
                + " \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n"));
    Recorder recorder = new Recorder();

    ModelException e = failure(recorder);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("overloaded_error"), e.getMessage());
    assertEquals(List.of("Hello"), recorder.texts);
  }

  @Test
  void aStreamCutShortIsRetryableAndKeepsWhatArrived() {
    api.reply(Reply.eventStream(upTo("text.sse", "\"Hello\"")).cut());
    Recorder recorder = new Recorder();

    ModelException e = failure(recorder);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
    assertTrue(e.getCause() instanceof IOException, "the connection broke: " + e.getCause());
    assertEquals(List.of("Hello"), recorder.texts);
  }

  @Test
  void aStreamThatEndsBeforeMessageStopIsRetryable() {
    api.reply(Reply.eventStream(upTo("text.sse", "end_turn")));

    ModelException e = failure(new Recorder());

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("message_stop"), e.getMessage());
  }

  @Test
  void aMalformedEventIsNotRetryable() {
    api.reply(
        Reply.eventStream(
            upTo("text.sse", "\"Hello\"")
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"ind\n\n"));
    Recorder recorder = new Recorder();

    ModelException e = failure(recorder);

    assertEquals(ModelException.RESPONSE_INVALID, e.code());
    assertFalse(e.retryable());
    assertEquals(List.of("Hello"), recorder.texts);
  }

  @Test
  void aJsonAnswerInsteadOfAStreamIsNotRetryable() {
    api.reply(Reply.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[]}"));

    assertEquals(ModelException.RESPONSE_INVALID, failure(StreamHandler.NONE).code());
  }

  @Test
  void cancellingClosesTheStream() throws Exception {
    api.reply(
        Reply.eventStream(upTo("text.sse", "\"Hello\""))
            .pause(Duration.ofSeconds(20))
            .chunk("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    Recorder recorder = new Recorder(1);
    long t0 = System.nanoTime();

    ModelResponse response = client.complete(KEY, hello(), recorder);

    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "did not wait");
    assertEquals("cancelled", response.stopReason());
    assertEquals("Hello", response.message().content());
    assertEquals(25, response.usage().input());
  }

  @Test
  void aSilentStreamTimesOut() {
    client = new AnthropicClient(api.url(), Duration.ofSeconds(1), 4096);
    api.reply(Reply.eventStream(upTo("text.sse", "\"Hello\"")).pause(Duration.ofSeconds(20)));
    long t0 = System.nanoTime();

    ModelException e = failure(new Recorder());

    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "gave up in time");
    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  void anUnreachableServerIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    client = new AnthropicClient("http://127.0.0.1:" + port, Duration.ofSeconds(5), 4096);

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
  }

  @Test
  void listsTheModels() throws Exception {
    api.reply(
        Reply.json(
            200,
            "{\"data\":[{\"type\":\"model\",\"id\":\"claude-sonnet-4-20250514\",\"display_name\":"
                + "\"Claude Sonnet 4\",\"created_at\":\"2025-05-22T00:00:00Z\"},{\"type\":\"model\","
                + "\"id\":\"claude-3-5-haiku-20241022\",\"display_name\":\"Claude Haiku 3.5\","
                + "\"created_at\":\"2024-10-22T00:00:00Z\"}],\"has_more\":false,"
                + "\"first_id\":\"claude-sonnet-4-20250514\",\"last_id\":\"claude-3-5-haiku-20241022\"}"));

    assertEquals(
        List.of("claude-3-5-haiku-20241022", "claude-sonnet-4-20250514"), client.models(KEY));
    assertEquals("GET", api.lastRequest().method());
    assertEquals("/v1/models?limit=1000", api.lastRequest().path());
    assertEquals(KEY, api.lastRequest().header("x-api-key"));
    assertEquals("2023-06-01", api.lastRequest().header("anthropic-version"));
  }
}
