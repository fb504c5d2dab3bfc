package dev.atelier.plugins.model.openai;

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
 * The client against a fake OpenAI-compatible server on loopback that sends the real wire format:
 * streamed text, streamed tool calls, usage, error answers, broken and stalled streams,
 * cancellation.
 */
class OpenAiClientTest {

  private static final String KEY = "sk-test-0123456789abcdef";

  private FakeUpstream api;
  private OpenAiClient client;
  private OpenAiClient.Endpoint endpoint;

  @BeforeEach
  void start() {
    api = FakeUpstream.start();
    client = new OpenAiClient(Duration.ofSeconds(5));
    endpoint = new OpenAiClient.Endpoint(api.url() + "/v1/", KEY);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static String fixture(String name) {
    try (InputStream in = OpenAiClientTest.class.getResourceAsStream("/openai/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ModelRequest hello() {
    return new ModelRequest(
        "gpt-4o-mini",
        List.of(ModelMessage.system("Be brief."), ModelMessage.user("Hello")),
        null,
        null,
        null);
  }

  private ModelException failure(StreamHandler handler) {
    return assertThrows(ModelException.class, () -> client.complete(endpoint, hello(), handler));
  }

  @Test
  void streamsTextAndReadsTheUsage() throws Exception {
    api.reply(Reply.eventStream(fixture("text.sse")));
    Recorder recorder = new Recorder();

    ModelResponse response = client.complete(endpoint, hello(), recorder);

    assertEquals(List.of("Hello", " there", ", how can I help", "? éè ☃"), recorder.texts);
    assertEquals("Hello there, how can I help? éè ☃", response.message().content());
    assertEquals("assistant", response.message().role());
    assertEquals("stop", response.stopReason());
    assertEquals(new TokenUsage(19, 10), response.usage());
    assertTrue(response.message().toolCalls().isEmpty());

    FakeUpstream.Recorded request = api.lastRequest();
    assertEquals("POST", request.method());
    assertEquals("/v1/chat/completions", request.path());
    assertEquals("Bearer " + KEY, request.header("Authorization"));
    assertEquals("text/event-stream", request.header("Accept"));
    JsonObject body = JsonValues.parse(request.body()).asJsonObject();
    assertEquals("gpt-4o-mini", body.getString("model"));
    assertTrue(body.getBoolean("stream"));
    assertTrue(body.getJsonObject("stream_options").getBoolean("include_usage"));
    JsonArray messages = body.getJsonArray("messages");
    assertEquals("system", messages.getJsonObject(0).getString("role"));
    assertEquals("Be brief.", messages.getJsonObject(0).getString("content"));
    assertEquals("user", messages.getJsonObject(1).getString("role"));
    assertFalse(body.containsKey("tools"));
    assertFalse(body.containsKey("temperature"));
  }

  @Test
  void readsTheStreamWhateverPiecesTheNetworkCutsItInto() throws Exception {
    api.reply(Reply.eventStreamInPieces(fixture("text.sse"), 7));
    Recorder recorder = new Recorder();

    ModelResponse response = client.complete(endpoint, hello(), recorder);

    assertEquals("Hello there, how can I help? éè ☃", recorder.text());
    assertEquals(new TokenUsage(19, 10), response.usage());
  }

  @Test
  void assemblesStreamedToolCallsFromFragments() throws Exception {
    api.reply(Reply.eventStream(fixture("tool_calls.sse")));
    Recorder recorder = new Recorder();

    ModelResponse response = client.complete(endpoint, hello(), recorder);

    List<ToolCall> expected =
        List.of(
            new ToolCall(
                "call_DdmO9pD3xa9XTPNJ32zg2hcA",
                "get_weather",
                "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"),
            new ToolCall("call_ABDoW3pcH8dTn6bWpyYl4nRu", "get_time", "{\"tz\":\"Europe/Paris\"}"));
    assertEquals(expected, recorder.calls);
    assertEquals(expected, response.message().toolCalls());
    assertEquals("tool_calls", response.stopReason());
    assertEquals("", response.message().content());
    assertTrue(recorder.texts.isEmpty());
    assertEquals(new TokenUsage(82, 51), response.usage());
  }

  @Test
  void sendsToolsAndTheToolConversation() throws Exception {
    api.reply(Reply.eventStream(fixture("text.sse")));
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"location\":\"Paris\"}");
    ModelRequest request =
        new ModelRequest(
            "llama3.1:8b",
            List.of(
                ModelMessage.user("Weather in Paris?"),
                ModelMessage.assistant(null, List.of(call)),
                ModelMessage.toolResult("call_1", "18 C, sunny")),
            List.of(
                new ToolDefinition(
                    "get_weather",
                    "The weather at a place",
                    "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}"),
                new ToolDefinition("now", null, null)),
            0.2,
            256);

    client.complete(endpoint, request, StreamHandler.NONE);

    JsonObject body = JsonValues.parse(api.lastRequest().body()).asJsonObject();
    assertEquals("llama3.1:8b", body.getString("model"));
    assertEquals(0.2, body.getJsonNumber("temperature").doubleValue());
    assertEquals(256, body.getInt("max_tokens"));
    JsonArray messages = body.getJsonArray("messages");
    JsonObject assistant = messages.getJsonObject(1);
    assertEquals("assistant", assistant.getString("role"));
    assertTrue(assistant.isNull("content"));
    JsonObject sent = assistant.getJsonArray("tool_calls").getJsonObject(0);
    assertEquals("call_1", sent.getString("id"));
    assertEquals("function", sent.getString("type"));
    assertEquals("get_weather", sent.getJsonObject("function").getString("name"));
    assertEquals("{\"location\":\"Paris\"}", sent.getJsonObject("function").getString("arguments"));
    JsonObject result = messages.getJsonObject(2);
    assertEquals("tool", result.getString("role"));
    assertEquals("call_1", result.getString("tool_call_id"));
    assertEquals("18 C, sunny", result.getString("content"));
    JsonArray tools = body.getJsonArray("tools");
    JsonObject weather = tools.getJsonObject(0);
    assertEquals("function", weather.getString("type"));
    assertEquals("get_weather", weather.getJsonObject("function").getString("name"));
    assertEquals(
        "The weather at a place", weather.getJsonObject("function").getString("description"));
    assertEquals(
        "string",
        weather
            .getJsonObject("function")
            .getJsonObject("parameters")
            .getJsonObject("properties")
            .getJsonObject("location")
            .getString("type"));
    assertEquals(
        "object",
        tools
            .getJsonObject(1)
            .getJsonObject("function")
            .getJsonObject("parameters")
            .getString("type"));
  }

  @Test
  void refusedCredentialsAreNotRetryable() {
    api.reply(
        Reply.json(
            401,
            "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-***cdef.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.AUTH_FAILED, e.code());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("401"), e.getMessage());
    assertTrue(e.getMessage().contains("Incorrect API key provided"), e.getMessage());
    assertFalse(e.getMessage().contains(KEY), e.getMessage());
  }

  @Test
  void rateLimitsAreRetryableAfterWhatTheProviderSays() {
    api.reply(
        Reply.json(
                429,
                "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini on requests per min"
                    + " (RPM): Limit 3, Used 3, Requested 1.\",\"type\":\"requests\","
                    + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
            .header("retry-after", "7"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.RATE_LIMITED, e.code());
    assertTrue(e.retryable());
    assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
    assertTrue(e.getMessage().contains("Rate limit reached"), e.getMessage());
  }

  @Test
  void serverErrorsAreRetryable() {
    api.reply(
        Reply.json(
            500,
            "{\"error\":{\"message\":\"The server had an error while processing your request."
                + " Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
    assertTrue(e.retryAfter().isEmpty());
  }

  @Test
  void badRequestsCarryTheProviderMessage() {
    api.reply(
        Reply.json(
            404,
            "{\"error\":{\"message\":\"The model `gpt-9` does not exist or you do not have"
                + " access to it.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"model_not_found\"}}"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.REQUEST_INVALID, e.code());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("The model `gpt-9` does not exist"), e.getMessage());
  }

  @Test
  void aStreamCutShortIsRetryableAndKeepsWhatArrived() {
    String all = fixture("text.sse");
    String firstTwo = all.substring(0, all.indexOf("\n\n", all.indexOf("Hello")) + 2);
    api.reply(Reply.eventStream(firstTwo).cut());
    Recorder recorder = new Recorder();

    ModelException e = failure(recorder);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
    assertTrue(e.getCause() instanceof IOException, "the connection broke: " + e.getCause());
    assertEquals(List.of("Hello"), recorder.texts);
  }

  @Test
  void aStreamThatEndsEarlyIsRetryable() {
    String all = fixture("text.sse");
    api.reply(Reply.eventStream(all.substring(0, all.indexOf("\n\n", all.indexOf("Hello")) + 2)));

    ModelException e = failure(new Recorder());

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("before the answer was complete"), e.getMessage());
  }

  @Test
  void aMalformedChunkIsNotRetryable() {
    api.reply(
        Reply.eventStream(
            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\""
                + ":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"cont\n\n"));
    Recorder recorder = new Recorder();

    ModelException e = failure(recorder);

    assertEquals(ModelException.RESPONSE_INVALID, e.code());
    assertFalse(e.retryable());
    assertEquals(List.of("Hi"), recorder.texts);
  }

  @Test
  void anErrorInsideTheStreamIsReported() {
    api.reply(
        Reply.eventStream(
            "data: {\"error\":{\"message\":\"The server had an error while processing your"
                + " request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n"));

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.getMessage().contains("The server had an error"), e.getMessage());
  }

  @Test
  void aJsonAnswerInsteadOfAStreamIsNotRetryable() {
    api.reply(Reply.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\"}"));

    assertEquals(ModelException.RESPONSE_INVALID, failure(StreamHandler.NONE).code());
  }

  @Test
  void cancellingClosesTheStream() throws Exception {
    String all = fixture("text.sse");
    String firstTwo = all.substring(0, all.indexOf("\n\n", all.indexOf("Hello")) + 2);
    api.reply(Reply.eventStream(firstTwo).pause(Duration.ofSeconds(20)).chunk("data: [DONE]\n\n"));
    Recorder recorder = new Recorder(1);
    long t0 = System.nanoTime();

    ModelResponse response = client.complete(endpoint, hello(), recorder);

    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "did not wait");
    assertEquals("cancelled", response.stopReason());
    assertEquals("Hello", response.message().content());
    assertEquals(List.of("Hello"), recorder.texts);
  }

  @Test
  void aSilentStreamTimesOut() {
    client = new OpenAiClient(Duration.ofSeconds(1));
    String all = fixture("text.sse");
    String firstTwo = all.substring(0, all.indexOf("\n\n", all.indexOf("Hello")) + 2);
    api.reply(Reply.eventStream(firstTwo).pause(Duration.ofSeconds(20)));
    long t0 = System.nanoTime();

    ModelException e = failure(new Recorder());

    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(4).toNanos(), "gave up in time");
    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @Test
  void anUnreachableServerIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    endpoint = new OpenAiClient.Endpoint("http://127.0.0.1:" + port + "/v1", KEY);

    ModelException e = failure(StreamHandler.NONE);

    assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code());
    assertTrue(e.retryable());
  }

  @Test
  void listsTheModels() throws Exception {
    api.reply(
        Reply.json(
            200,
            "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\","
                + "\"created\":1721172741,\"owned_by\":\"system\"},{\"id\":\"gpt-4o\","
                + "\"object\":\"model\",\"created\":1715367049,\"owned_by\":\"system\"}]}"));

    assertEquals(List.of("gpt-4o", "gpt-4o-mini"), client.models(endpoint));
    assertEquals("GET", api.lastRequest().method());
    assertEquals("/v1/models", api.lastRequest().path());
    assertEquals("Bearer " + KEY, api.lastRequest().header("Authorization"));
  }

  @Test
  void listingModelsWithARefusedKeyFails() {
    api.reply(Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));

    ModelException e = assertThrows(ModelException.class, () -> client.models(endpoint));

    assertEquals(ModelException.AUTH_FAILED, e.code());
  }

  @Test
  void sendsNoAuthorizationWithoutAKey() throws Exception {
    api.reply(Reply.eventStream(fixture("text.sse")));

    client.complete(new OpenAiClient.Endpoint(api.url() + "/v1", ""), hello(), StreamHandler.NONE);

    assertEquals(null, api.lastRequest().header("Authorization"));
  }
}
