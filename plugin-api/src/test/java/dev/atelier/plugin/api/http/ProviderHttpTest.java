package dev.atelier.plugin.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.model.ModelException;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a provider plugin's failures become, without a network. */
class ProviderHttpTest {

  private final ProviderHttp http = new ProviderHttp("The Test API", Duration.ofSeconds(5));

  @Test
  void anErrorStatusBecomesItsCodeWithTheProvidersMessage() {
    ModelException auth =
        http.fromStatus(401, headers(), body("{\"error\":{\"message\":\"bad key\"}}"));
    assertEquals(ModelException.AUTH_FAILED, auth.code());
    assertEquals("The Test API answered 401: bad key", auth.getMessage());
    assertFalse(auth.retryable());

    assertEquals(ModelException.AUTH_FAILED, http.fromStatus(403, headers(), body("")).code());
    assertEquals(ModelException.REQUEST_INVALID, http.fromStatus(400, headers(), body("")).code());
    assertEquals(ModelException.REQUEST_INVALID, http.fromStatus(404, headers(), body("")).code());
    assertEquals(ModelException.REQUEST_INVALID, http.fromStatus(499, headers(), body("")).code());
  }

  @Test
  void rateLimitsTimeoutsAndServerErrorsAreRetryableWithRetryAfter() {
    ModelException limited = http.fromStatus(429, headers("retry-after", "7"), body(""));
    assertEquals(ModelException.RATE_LIMITED, limited.code());
    assertTrue(limited.retryable());
    assertEquals(Duration.ofSeconds(7), limited.retryAfter().orElseThrow());

    for (int status : new int[] {408, 500, 503, 529}) {
      ModelException e = http.fromStatus(status, headers("Retry-After", "2"), body(""));
      assertEquals(ModelException.PROVIDER_UNAVAILABLE, e.code(), "status " + status);
      assertTrue(e.retryable());
      assertEquals(Duration.ofSeconds(2), e.retryAfter().orElseThrow());
    }
    assertTrue(http.fromStatus(500, headers(), body("")).retryAfter().isEmpty());
  }

  @Test
  void retryAfterIsSecondsOrAnHttpDateAndNeverNegative() {
    Instant now = Instant.parse("2026-12-04T10:00:00Z");
    assertEquals(Duration.ofSeconds(30), ProviderHttp.retryAfter(" 30 ", now));
    assertEquals(Duration.ZERO, ProviderHttp.retryAfter("0", now));
    assertEquals(Duration.ZERO, ProviderHttp.retryAfter("-5", now));
    assertEquals(
        Duration.ofSeconds(90), ProviderHttp.retryAfter("Fri, 04 Dec 2026 10:01:30 GMT", now));
    assertEquals(Duration.ZERO, ProviderHttp.retryAfter("Fri, 04 Dec 2026 09:59:00 GMT", now));
    assertNull(ProviderHttp.retryAfter("soon", now));
    assertNull(ProviderHttp.retryAfter("", now));
    assertNull(ProviderHttp.retryAfter(null, now));
  }

  @Test
  void theProvidersMessageIsFoundWhereProvidersPutIt() {
    assertEquals("nested", ProviderHttp.errorMessage("{\"error\":{\"message\":\"nested\"}}"));
    assertEquals("flat", ProviderHttp.errorMessage("{\"error\":\"flat\"}"));
    assertEquals("top", ProviderHttp.errorMessage("{\"message\":\"top\"}"));
    assertEquals(
        "top", ProviderHttp.errorMessage("{\"error\":{\"type\":\"x\"},\"message\":\"top\"}"));
    assertEquals("Bad gateway", ProviderHttp.errorMessage("Bad \n gateway"));
    assertEquals("(no message)", ProviderHttp.errorMessage("  "));
    assertEquals("[1,2]", ProviderHttp.errorMessage("[1,2]"));
  }

  @Test
  void aLongMessageIsCutAt500Characters() {
    String exactly = "a".repeat(500);
    assertEquals(exactly, ProviderHttp.errorMessage(exactly));
    assertEquals(exactly + "...", ProviderHttp.errorMessage(exactly + "b"));
  }

  @Test
  void onlyTheFirst16KibOfAnErrorBodyAreRead() {
    String body = "x".repeat(16 * 1024) + "TAIL";
    ModelException e = http.fromStatus(400, headers(), body(body));
    assertFalse(e.getMessage().contains("TAIL"));
  }

  @Test
  void networkFailuresAreRetryableAndSayWhatHappened() {
    ModelException timeout = http.network(new HttpTimeoutException("request timed out"));
    assertEquals(ModelException.PROVIDER_UNAVAILABLE, timeout.code());
    assertTrue(timeout.retryable());
    assertEquals("The Test API timed out (request timed out)", timeout.getMessage());
    assertEquals(
        "The Test API could not be reached",
        http.network(new ConnectException("refused")).getMessage());
    IOException cut = new IOException("reset");
    ModelException broke = http.network(cut);
    assertEquals("The Test API broke off the connection", broke.getMessage());
    assertSame(cut, broke.getCause());
  }

  @Test
  void malformedJsonIsAnInvalidResponse() throws ModelException {
    ModelException e = assertThrows(ModelException.class, () -> http.parse("{not json"));
    assertEquals(ModelException.RESPONSE_INVALID, e.code());
    assertEquals("The Test API sent malformed JSON", e.getMessage());
    assertFalse(e.retryable());
    assertEquals(3, ((JsonObject) http.parse("{\"n\":3}")).getInt("n"));
  }

  @Test
  void aPathGoesUnderTheBaseUrlWithOrWithoutItsSlash() throws ModelException {
    assertEquals(
        "https://api.example.com/v1/models",
        http.uri("https://api.example.com/", "/v1/models").toString());
    assertEquals(
        "https://api.example.com/v1/models",
        http.uri("https://api.example.com", "/v1/models").toString());
    ModelException e = assertThrows(ModelException.class, () -> http.uri("http://bad host", "/x"));
    assertEquals(ModelException.REQUEST_INVALID, e.code());
  }

  @Test
  void requestsCarryTheTimeout() throws ModelException {
    assertEquals(
        Duration.ofSeconds(5),
        http.request(http.uri("https://api.example.com", "/x"))
            .GET()
            .build()
            .timeout()
            .orElseThrow());
  }

  @Test
  void aBodyIsClosedQuietly() {
    InputStream failing =
        new InputStream() {
          @Override
          public int read() {
            return -1;
          }

          @Override
          public void close() throws IOException {
            throw new IOException("already gone");
          }
        };
    ProviderHttp.closeQuietly(failing);
  }

  private static HttpHeaders headers(String... nameValue) {
    Map<String, List<String>> map =
        nameValue.length == 0 ? Map.of() : Map.of(nameValue[0], List.of(nameValue[1]));
    return HttpHeaders.of(map, (a, b) -> true);
  }

  private static InputStream body(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
