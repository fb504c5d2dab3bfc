package dev.atelier.core.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginsTest {

  private static final List<String> STUDIO = List.of("https://studio.example.com", "http://x:8080");

  @Test
  void anExactOriginMatches() {
    assertTrue(Origins.listed("https://studio.example.com", STUDIO));
    assertTrue(Origins.listed("http://x:8080", STUDIO));
  }

  @Test
  void caseTrailingSlashAndDefaultPortDoNotMatter() {
    assertTrue(Origins.listed("HTTPS://Studio.Example.com", STUDIO));
    assertTrue(Origins.listed("https://studio.example.com/", STUDIO));
    assertTrue(Origins.listed("https://studio.example.com:443", STUDIO));
    assertTrue(Origins.listed("http://a.example", List.of("http://a.example:80/")));
  }

  @Test
  void anotherSchemeHostOrPortDoesNotMatch() {
    assertFalse(Origins.listed("http://studio.example.com", STUDIO));
    assertFalse(Origins.listed("https://studio.example.com:8443", STUDIO));
    assertFalse(Origins.listed("https://evil.example.com", STUDIO));
    assertFalse(Origins.listed("https://studio.example.com.evil.example", STUDIO));
    assertFalse(Origins.listed("http://x:80", STUDIO));
    assertFalse(Origins.listed("null", STUDIO));
  }

  @Test
  void nothingMatchesAnEmptyListAndEverythingMatchesAStar() {
    assertFalse(Origins.listed("https://studio.example.com", List.of()));
    assertTrue(Origins.listed("https://anything.example", List.of("*")));
    assertTrue(Origins.listed("null", List.of("https://a.example", " * ")));
  }
}
