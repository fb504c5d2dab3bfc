package dev.atelier.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Assertions on error answers: every error of the API, core's and plugins' alike, is an {@code
 * application/problem+json} document (RFC 9457) with a stable {@code code}, and none shows the
 * server's internals.
 */
public final class Problems {

  /** What must never reach a client: stack frames, exception, SQL or Java class names. */
  private static final Pattern LEAK =
      Pattern.compile(
          "Exception|SQL|\\bat [a-z][\\w$]*\\.[\\w$.]+\\(|\\b(?:java|javax|jakarta|org|com|dev"
              + "|fish|sun)\\.[a-z][\\w]*\\.[\\w.$]+|(?i:stack ?trace)|\\.java:\\d+|Caused by");

  private Problems() {}

  /**
   * Asserts that {@code res} is an RFC 9457 problem with {@code status} and {@code code}, all its
   * members present, and nothing of the internals in it.
   *
   * @return the problem document, for further assertions
   */
  public static JsonNode assertProblem(Api.Res res, int status, String code) {
    assertEquals(status, res.status(), res.toString());
    String type = res.header("Content-Type");
    assertNotNull(type, "no Content-Type on " + res);
    assertTrue(type.startsWith("application/problem+json"), type + ": " + res);
    JsonNode p = res.json();
    assertTrue(p.isObject(), res.toString());
    for (String member : List.of("type", "title", "detail", "code", "instance")) {
      assertTrue(p.path(member).isTextual(), member + " missing in " + res);
      assertFalse(p.path(member).asText().isBlank(), member + " blank in " + res);
    }
    assertTrue(p.path("status").isInt(), res.toString());
    assertEquals(status, p.path("status").asInt(), res.toString());
    assertEquals(code, p.path("code").asText(), res.toString());
    assertTrue(p.path("code").asText().matches("[a-z][a-z0-9_]*"), res.toString());
    assertTrue(p.path("instance").asText().startsWith("/"), res.toString());
    assertNoLeak(res);
    return p;
  }

  /**
   * Asserts that {@code res} is a 422 {@code validation_error} naming exactly {@code fields} (in
   * any order), each with a message.
   */
  public static void assertInvalid(Api.Res res, String... fields) {
    assertProblem(res, 422, "validation_error");
    List<String> named = new ArrayList<>();
    for (JsonNode e : res.json().path("errors")) {
      named.add(e.path("field").asText());
      assertFalse(e.path("message").asText("").isBlank(), res.toString());
    }
    assertEquals(
        List.of(fields).stream().sorted().toList(),
        named.stream().sorted().toList(),
        res.toString());
  }

  /**
   * Asserts that neither the body nor a header of {@code res} shows internals: stack frames,
   * exception, SQL or Java class names.
   */
  public static void assertNoLeak(Api.Res res) {
    String text = res.text() == null ? "" : res.text();
    assertFalse(LEAK.matcher(text).find(), "internals in the response: " + res);
    res.headers()
        .forEach(
            (name, values) ->
                values.forEach(
                    v ->
                        assertFalse(
                            LEAK.matcher(v).find(), "internals in header " + name + ": " + v)));
  }
}
