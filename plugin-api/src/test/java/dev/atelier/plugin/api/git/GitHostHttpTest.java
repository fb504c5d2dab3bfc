package dev.atelier.plugin.api.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.http.JsonValues;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the git provider plugins share: windows over host pages, queries, tokens, signatures. */
class GitHostHttpTest {

  /** A host with {@code total} repositories named r0, r1, … in pages of {@code size}. */
  private static GitHostHttp.PageReader host(int total, List<Integer> pagesRead) {
    return (page, size) -> {
      pagesRead.add(page);
      int from = (page - 1) * size;
      List<GitRepository> items =
          IntStream.range(Math.min(from, total), Math.min(from + size, total))
              .mapToObj(i -> new GitRepository("" + i, "o/r" + i, "main", false, null, null))
              .toList();
      return new GitRepositoryPage(items, from + size < total);
    };
  }

  private static List<String> names(GitRepositoryPage p) {
    return p.items().stream().map(GitRepository::fullName).toList();
  }

  @Test
  void aWindowReadsThePagesHoldingIt() throws Exception {
    List<Integer> read = new ArrayList<>();
    GitRepositoryPage p = GitHostHttp.window(3, 8, 10, host(25, read));
    assertEquals(List.of("o/r8", "o/r9", "o/r10"), names(p));
    assertTrue(p.hasMore());
    assertEquals(List.of(1, 2), read);

    read.clear();
    GitRepositoryPage end = GitHostHttp.window(10, 20, 10, host(25, read));
    assertEquals(5, end.items().size());
    assertFalse(end.hasMore());
    assertEquals(List.of(3), read);

    // exactly the last items: no more, though the window is full
    read.clear();
    GitRepositoryPage exact = GitHostHttp.window(5, 20, 10, host(25, read));
    assertEquals(5, exact.items().size());
    assertFalse(exact.hasMore());

    GitRepositoryPage beyond = GitHostHttp.window(10, 100, 10, host(25, new ArrayList<>()));
    assertTrue(beyond.items().isEmpty());
    assertFalse(beyond.hasMore());
  }

  @Test
  void queriesAreEncodedAndSkipNulls() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("redirect_uri", "https://a.example/cb?x=1");
    q.put("scope", "read write");
    q.put("none", null);
    q.put("q", "name ~ \"a+b\"");
    assertEquals(
        "redirect_uri=https%3A%2F%2Fa.example%2Fcb%3Fx%3D1&scope=read%20write"
            + "&q=name%20%7E%20%22a%2Bb%22",
        GitHostHttp.query(q));
    assertEquals("grp%2Fsub%2Fp", GitHostHttp.encode("grp/sub/p"));
    assertEquals("https://h/x", GitHostHttp.base(" https://h/x/ "));
    assertNull(GitHostHttp.setting("  "));
  }

  @Test
  void aTokenAnswerExpiresFromNow() {
    JsonObject o =
        JsonValues.JSON
            .createObjectBuilder()
            .add("access_token", "a")
            .add("refresh_token", "r")
            .add("expires_in", 7200)
            .build();
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(
        new GitToken("a", "r", Instant.parse("2026-01-01T02:00:00Z")), GitHostHttp.token(o, now));
    JsonObject lasting = JsonValues.JSON.createObjectBuilder().add("access_token", "a").build();
    assertEquals(new GitToken("a", null, null), GitHostHttp.token(lasting, now));
  }

  @Test
  void signaturesAreTheHexHmacOfTheBody() throws Exception {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the known test vector
    assertEquals(
        "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
        GitSignatures.sha256(
            "key", "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)));
    String sig = GitSignatures.sha256("s", body);
    assertTrue(GitSignatures.validSha256("s", body, sig + "\n"));
    assertFalse(GitSignatures.validSha256("t", body, sig));
    assertFalse(GitSignatures.validSha256("", body, "sha256="));
    assertFalse(GitSignatures.validSha256("s", body, null));
    assertTrue(GitSignatures.matches("secret", "secret"));
    assertFalse(GitSignatures.matches("secret", "secreT"));
    assertFalse(GitSignatures.matches(null, "x"));
    assertEquals(
        "bad_signature",
        assertThrows(
                GitException.class,
                () -> GitHostHttp.payload("[1]".getBytes(StandardCharsets.UTF_8)))
            .code());
  }
}
