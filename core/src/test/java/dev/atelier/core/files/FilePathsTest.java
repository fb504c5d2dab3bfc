package dev.atelier.core.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.atelier.plugin.api.web.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilePathsTest {

  private static void assertRefused(String path) {
    ProblemException e =
        assertThrows(
            ProblemException.class,
            () -> FilePaths.required("path", path),
            () -> "accepted " + path);
    assertEquals(422, e.status(), path);
    assertEquals("invalid_path", e.code(), path);
    assertEquals("path", e.errors().get(0).field(), path);
  }

  @Test
  void refusesPathsThatLeaveTheProjectOrBreakTheRules() {
    for (String bad :
        List.of(
            "..",
            "../",
            "../x",
            "a/../../b",
            "a/b/../../../c",
            "./../x",
            "/etc/passwd",
            "/",
            "//server/share",
            "C:\\x",
            "C:x",
            "c:/windows/win.ini",
            "a\\b",
            "..\\..\\x",
            "a\u0000b",
            "a\nb",
            "a\tb",
            "a\u007fb",
            "a\ud800b",
            "notes-\udc00.md",
            "dir/\ud83d",
            "x".repeat(256),
            "a/" + "é".repeat(128),
            "a/".repeat(512) + "b",
            ".atelier-tmp-1234",
            "a/.atelier-tmp-x/b",
            "",
            ".",
            "./",
            "a/..")) {
      assertRefused(bad);
    }
  }

  @Test
  void refusesTheDecodedFormsOfEncodedTraversal() {
    for (String encoded :
        List.of("%2e%2e/x", "%2E%2E%2Fx", "..%2f..%2fetc%2fpasswd", "%2e%2e%5c%2e%2e", "%00")) {
      assertRefused(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
    }
  }

  @Test
  void normalizesAcceptablePaths() {
    Map<String, String> cases =
        Map.of(
            "a",
            "a",
            "a/b/c.txt",
            "a/b/c.txt",
            "./a//b/",
            "a/b",
            "a/./b",
            "a/b",
            "a/x/../b",
            "a/b",
            "%2e%2e",
            "%2e%2e",
            "dir with spaces/ünïcode.md",
            "dir with spaces/ünïcode.md",
            "...",
            "...",
            ".hidden",
            ".hidden",
            "x".repeat(255),
            "x".repeat(255));
    cases.forEach((raw, normalized) -> assertEquals(normalized, FilePaths.required("p", raw), raw));
  }

  @Test
  void theRootIsOnlyForListings() {
    assertEquals("", FilePaths.normalize("path", null));
    assertEquals("", FilePaths.normalize("path", ""));
    assertEquals("", FilePaths.normalize("path", "./"));
    assertEquals("a", FilePaths.normalize("path", "a/"));
  }

  @Test
  void namesTheFieldInTheError() {
    ProblemException e =
        assertThrows(ProblemException.class, () -> FilePaths.required("to", "../x"));
    assertEquals("to", e.errors().get(0).field());
    assertEquals("to: must not lead outside the project", e.getMessage());
  }

  @Test
  void limitsTheWholeLength() {
    String longest = ("a".repeat(99) + "/").repeat(10) + "b".repeat(24);
    assertEquals(1024, longest.length());
    assertEquals(longest, FilePaths.required("path", longest));
    assertRefused(longest + "c");
  }
}
