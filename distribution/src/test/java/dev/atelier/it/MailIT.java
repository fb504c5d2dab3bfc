package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.AtelierServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without an SMTP server (the shared test server has none), each mail is written to the server log
 * after a warning at start, and a new user can verify their address from it.
 */
@ExtendWith(AtelierServer.class)
class MailIT {

  /** The log of the shared server: the newest {@code <db>-shared-*} work folder's latest log. */
  private static Path sharedLog() throws Exception {
    Path root =
        Path.of(System.getProperty("atelier.test.workdir", "target/system-test")).toAbsolutePath();
    String prefix = System.getProperty("atelier.test.db", "h2") + "-shared-";
    try (Stream<Path> dirs = Files.list(root)) {
      Path work =
          dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
              .max(Comparator.comparing(d -> d.getFileName().toString()))
              .orElseThrow();
      return AtelierServer.latestLog(work);
    }
  }

  @Test
  void withoutSmtpEachMailIsWrittenToTheLogAndItsLinkWorks() throws Exception {
    Path log = sharedLog();
    assertTrue(
        Files.readString(log).contains("ATELIER_MAIL_SMTP_HOST is not set"),
        "the warning at start in " + log);
    Session ada = Accounts.newUser("logged-mail");
    Pattern mail =
        Pattern.compile(
            "To: "
                + Pattern.quote(ada.email())
                + "\\s+Subject: Confirm your e-mail address for Atelier[\\s\\S]*?(atv_[A-Za-z0-9_-]{43})");
    String token = null;
    long deadline = System.currentTimeMillis() + 20_000;
    while (token == null && System.currentTimeMillis() < deadline) {
      Matcher m = mail.matcher(Files.readString(log));
      if (m.find()) {
        token = m.group(1);
      } else {
        Thread.sleep(200);
      }
    }
    assertTrue(token != null, "the verification mail of " + ada.email() + " in " + log);
    assertEquals(204, ada.anonymous().post("/api/v1/auth/verify", Map.of("token", token)).status());
    assertTrue(
        ada.api().get("/api/v1/users/me").json().path("user").path("email_verified").asBoolean());
  }
}
