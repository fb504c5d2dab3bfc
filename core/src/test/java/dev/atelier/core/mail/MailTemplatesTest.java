package dev.atelier.core.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

  private static final Map<String, String> VALUES =
      Map.ofEntries(
          Map.entry("name", "Ada <script>"),
          Map.entry("email", "ada@example.test"),
          Map.entry("token", "atv_abc"),
          Map.entry("hours", "48"),
          Map.entry("code", "123456"),
          Map.entry("minutes", "10"),
          Map.entry("inviter", "Grace"),
          Map.entry("workspace", "Lab"),
          Map.entry("role", "viewer"),
          Map.entry("days", "7"),
          Map.entry("public_url", "https://atelier.example.test"));

  @Test
  void rendersSubjectTextAndEscapedHtml() {
    MailMessage m = MailTemplates.render("verify-email", VALUES);
    assertEquals("Confirm your e-mail address for Atelier", m.subject());
    assertTrue(m.text().startsWith("Hello Ada <script>,"), m.text());
    assertTrue(
        m.text().contains("https://atelier.example.test/verify-email?token=atv_abc"), m.text());
    assertTrue(m.html().contains("Hello Ada &lt;script&gt;,"), m.html());
    assertFalse(m.html().contains("<script>"), m.html());
    assertFalse(m.text().contains("{{") || m.html().contains("{{"));
  }

  @Test
  void everyTemplateRenders() {
    for (String name :
        new String[] {"verify-email", "reset-password", "sign-in-code", "invitation"}) {
      MailMessage m = MailTemplates.render(name, VALUES);
      assertFalse(m.subject().isBlank());
      assertFalse(m.text().contains("{{") || m.html().contains("{{"), name);
    }
  }

  @Test
  void aMissingValueOrTemplateIsAnError() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MailTemplates.render("verify-email", Map.of("name", "x")));
    assertThrows(IllegalStateException.class, () -> MailTemplates.render("nope", VALUES));
  }

  @Test
  void escapesWhatHtmlGivesMeaningTo() {
    assertEquals(
        "&lt;a href=&quot;x&quot;&gt;&amp;&#39;", MailTemplates.escape("<a href=\"x\">&'"));
  }
}
