package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mail, e-mail verification and password reset over HTTP, against a server that sends its mail to
 * an SMTP server in the test (GreenMail) and requires verified addresses: the mails (text and HTML,
 * sender, links to the public URL), verifying and re-sending, the 403 of an unverified account,
 * forgotten passwords answered alike for every address, one-time and expiring tokens, sessions
 * ended by a reset, the limits, and mail held while the SMTP server is down.
 */
class AccountSecurityIT {

  private static final String PUBLIC_URL = "https://atelier.example.test";
  private static final String FROM = "Atelier Test <noreply@atelier.example.test>";
  private static final Pattern VERIFY = Pattern.compile("atv_[A-Za-z0-9_-]{43}");
  private static final Pattern RESET = Pattern.compile("atp_[A-Za-z0-9_-]{43}");

  private static GreenMail smtp;
  private static int smtpPort;
  private static String db;
  private static Path h2;
  private static AtelierServer.Running server;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      smtpPort = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_MAIL_SMTP_HOST", "127.0.0.1");
    env.put("ATELIER_MAIL_SMTP_PORT", Integer.toString(smtpPort));
    env.put("ATELIER_MAIL_FROM", FROM);
    env.put("ATELIER_PUBLIC_URL", PUBLIC_URL + "/");
    env.put("ATELIER_AUTH_REQUIRE_VERIFIED_EMAIL", "true");
    env.put("ATELIER_BOOTSTRAP_ADMIN_EMAIL", AtelierServer.ADMIN_EMAIL);
    env.put("ATELIER_BOOTSTRAP_ADMIN_PASSWORD", AtelierServer.ADMIN_PASSWORD);
    env.put("ATELIER_EVENTS_MAX_ATTEMPTS", "30");
    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    if (db == null) {
      // an embedded database this test can reach as well, to age tokens
      h2 =
          Path.of(System.getProperty("atelier.test.workdir", "target/system-test"))
              .toAbsolutePath()
              .resolve("account-security-h2-" + System.currentTimeMillis())
              .resolve("atelier");
      env.put("ATELIER_DB_URL", h2Url());
    }
    server = AtelierServer.launch("account-security", env, List.of("--nocluster"), db);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (db != null) {
      AtelierServer.dropPgDatabase(db);
    }
    if (smtp != null) {
      smtp.stop();
    }
  }

  private static String h2Url() {
    return "jdbc:h2:file:" + h2 + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000";
  }

  /** Runs {@code sql} on the server's database, as an operator (or time) would. */
  private static void sql(String sql) throws Exception {
    if (db != null) {
      try (Connection c =
              DriverManager.getConnection(
                  AtelierServer.pgUrl(db),
                  System.getProperty("atelier.test.pg.user", "postgres"),
                  "");
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    } else {
      try (Connection c = DriverManager.getConnection(h2Url(), "atelier", "");
          Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }

  private static Api anon() {
    return Api.at(server.baseUrl());
  }

  /** The mails {@code to} received so far. */
  private static List<MimeMessage> mailsTo(String to) throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      for (var r : m.getRecipients(Message.RecipientType.TO)) {
        if (((InternetAddress) r).getAddress().equalsIgnoreCase(to)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Waits (up to 20 s) for mail number {@code n} (from 1) to {@code to}, and returns it. */
  private static MimeMessage awaitMail(String to, int n) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      List<MimeMessage> mails = mailsTo(to);
      if (mails.size() >= n) {
        return mails.get(n - 1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail number " + n + " to " + to);
  }

  private static String text(MimeMessage m) throws Exception {
    return ((MimeMultipart) m.getContent()).getBodyPart(0).getContent().toString();
  }

  private static String html(MimeMessage m) throws Exception {
    return ((MimeMultipart) m.getContent()).getBodyPart(1).getContent().toString();
  }

  private static String token(Pattern pattern, MimeMessage m) throws Exception {
    Matcher t = pattern.matcher(text(m));
    assertTrue(t.find(), text(m));
    return t.group();
  }

  private static Session register(String hint) {
    return Accounts.newUser(anon(), hint);
  }

  private static Session verified(String hint) throws Exception {
    Session s = register(hint);
    String token = token(VERIFY, awaitMail(s.email(), 1));
    assertEquals(204, s.anonymous().post("/api/v1/auth/verify", Map.of("token", token)).status());
    return s;
  }

  @Test
  void registrationSendsAVerificationMailWhoseTokenVerifiesTheAddressOnce() throws Exception {
    Session ada = register("ada");
    assertFalse(
        ada.api().get("/api/v1/users/me").json().path("user").path("email_verified").asBoolean());

    MimeMessage mail = awaitMail(ada.email(), 1);
    assertEquals("Confirm your e-mail address for Atelier", mail.getSubject());
    assertEquals(
        "noreply@atelier.example.test", ((InternetAddress) mail.getFrom()[0]).getAddress());
    assertTrue(mail.getContentType().startsWith("multipart/alternative"), mail.getContentType());
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
    assertTrue(parts.getBodyPart(1).isMimeType("text/html"));
    String token = token(VERIFY, mail);
    assertTrue(text(mail).contains(PUBLIC_URL + "/verify-email?token=" + token), text(mail));
    assertTrue(html(mail).contains("href=\"" + PUBLIC_URL + "/verify-email?token=" + token + "\""));
    assertTrue(html(mail).contains("<strong>" + ada.email() + "</strong>"), html(mail));

    // unverified: the own account and the verification work, nothing else
    assertProblem(ada.api().get("/api/v1/projects"), 403, "email_not_verified");
    assertEquals(200, ada.api().get("/api/v1/users/me").status());

    // bad, forged and foreign-purpose tokens
    assertInvalid(ada.anonymous().post("/api/v1/auth/verify", Map.of()), "token");
    assertProblem(
        ada.anonymous().post("/api/v1/auth/verify", Map.of("token", "atv_" + "x".repeat(43))),
        400,
        "invalid_token");
    assertProblem(
        ada.anonymous().post("/api/v1/auth/verify", Map.of("token", "atp_" + token.substring(4))),
        400,
        "invalid_token");
    assertProblem(
        ada.anonymous().post("/api/v1/auth/verify", Map.of("token", "y".repeat(5000))),
        400,
        "invalid_token");

    assertEquals(204, ada.anonymous().post("/api/v1/auth/verify", Map.of("token", token)).status());
    assertTrue(
        ada.api().get("/api/v1/users/me").json().path("user").path("email_verified").asBoolean());
    assertEquals(200, ada.api().get("/api/v1/projects").status());

    // used once
    assertProblem(
        ada.anonymous().post("/api/v1/auth/verify", Map.of("token", token)), 400, "invalid_token");
    assertProblem(ada.api().post("/api/v1/auth/verify/resend", Map.of()), 409, "already_verified");
  }

  @Test
  void aResentMailReplacesTheEarlierLinkAndAnExpiredOneIsRefused() throws Exception {
    Session bob = register("bob");
    String first = token(VERIFY, awaitMail(bob.email(), 1));
    assertEquals(202, bob.api().post("/api/v1/auth/verify/resend", Map.of()).status());
    String second = token(VERIFY, awaitMail(bob.email(), 2));
    assertNotEquals(first, second);
    assertProblem(
        bob.anonymous().post("/api/v1/auth/verify", Map.of("token", first)), 400, "invalid_token");

    // the second one runs out
    String userId = bob.userId();
    sql(
        "UPDATE account_tokens SET expires_at = created_at WHERE user_id = '"
            + userId
            + "' AND purpose = 'verify' AND used_at IS NULL");
    assertProblem(
        bob.anonymous().post("/api/v1/auth/verify", Map.of("token", second)), 400, "invalid_token");

    // another user's token verifies that user, never bob
    Session eve = register("eve");
    String eves = token(VERIFY, awaitMail(eve.email(), 1));
    assertEquals(204, bob.anonymous().post("/api/v1/auth/verify", Map.of("token", eves)).status());
    assertFalse(
        bob.api().get("/api/v1/users/me").json().path("user").path("email_verified").asBoolean());
    assertTrue(
        eve.api().get("/api/v1/users/me").json().path("user").path("email_verified").asBoolean());

    assertProblem(eve.api().post("/api/v1/auth/verify/resend", Map.of()), 409, "already_verified");
  }

  @Test
  void aNewAddressIsUnverifiedUntilItsOwnLinkIsUsed() throws Exception {
    Session cy = register("cy");
    // a link for the old address, then the address changes
    String oldToken = token(VERIFY, awaitMail(cy.email(), 1));
    String newEmail = Accounts.uniqueEmail("cy-new");
    Api.Res changed =
        cy.api()
            .patch(
                "/api/v1/users/me",
                Map.of("email", newEmail, "current_password", Accounts.PASSWORD));
    assertEquals(200, changed.status(), changed.toString());
    assertFalse(changed.json().path("user").path("email_verified").asBoolean());
    assertProblem(cy.api().get("/api/v1/projects"), 403, "email_not_verified");
    assertProblem(
        cy.anonymous().post("/api/v1/auth/verify", Map.of("token", oldToken)),
        400,
        "invalid_token");
    String token = token(VERIFY, awaitMail(newEmail, 1));
    assertEquals(204, cy.anonymous().post("/api/v1/auth/verify", Map.of("token", token)).status());
    assertEquals(200, cy.api().get("/api/v1/projects").status());
  }

  @Test
  void forgotPasswordAnswersAlikeForEveryAddressAndResetEndsEverySession() throws Exception {
    Session dan = verified("dan");
    Session other = Accounts.login(anon(), dan.email(), Accounts.PASSWORD);

    Api client = anon();
    long t0 = System.nanoTime();
    Api.Res known = client.post("/api/v1/auth/forgot-password", Map.of("email", dan.email()));
    long knownMs = (System.nanoTime() - t0) / 1_000_000;
    t0 = System.nanoTime();
    Api.Res unknown =
        client.post(
            "/api/v1/auth/forgot-password", Map.of("email", Accounts.uniqueEmail("nobody")));
    long unknownMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(202, known.status(), known.toString());
    assertEquals(202, unknown.status(), unknown.toString());
    assertEquals(known.text(), unknown.text());
    assertTrue(Math.abs(knownMs - unknownMs) < 250, knownMs + " ms against " + unknownMs + " ms");

    MimeMessage mail = awaitMail(dan.email(), 2);
    assertEquals("Reset your Atelier password", mail.getSubject());
    String token = token(RESET, mail);
    assertTrue(html(mail).contains(PUBLIC_URL + "/reset-password?token=" + token));

    // bad input; a refused password leaves the token usable
    assertInvalid(client.post("/api/v1/auth/reset-password", Map.of()), "token", "password");
    assertInvalid(
        client.post("/api/v1/auth/reset-password", Map.of("token", token, "password", "short")),
        "password");
    assertInvalid(
        client.post("/api/v1/auth/reset-password", Map.of("token", token, "password", dan.email())),
        "password");
    assertProblem(
        client.post(
            "/api/v1/auth/reset-password",
            Map.of("token", "atp_" + "z".repeat(43), "password", "a new sturdy passphrase")),
        400,
        "invalid_token");
    assertProblem(
        client.post(
            "/api/v1/auth/reset-password",
            Map.of("token", "atv_" + token.substring(4), "password", "a new sturdy passphrase")),
        400,
        "invalid_token");

    Api.Res reset =
        client.post(
            "/api/v1/auth/reset-password",
            Map.of("token", token, "password", "a new sturdy passphrase"));
    assertEquals(204, reset.status(), reset.toString());

    // every session and refresh token of dan ended
    assertEquals(401, dan.api().get("/api/v1/users/me").status());
    assertEquals(401, other.api().get("/api/v1/users/me").status());
    assertEquals(
        401,
        client
            .post("/api/v1/auth/refresh", Map.of("refresh_token", other.refreshToken()))
            .status());
    assertEquals(
        401,
        client
            .post("/api/v1/auth/login", Map.of("email", dan.email(), "password", Accounts.PASSWORD))
            .status());
    Session again = Accounts.login(anon(), dan.email(), "a new sturdy passphrase");
    assertEquals(200, again.api().get("/api/v1/projects").status());

    // used once
    assertProblem(
        client.post(
            "/api/v1/auth/reset-password",
            Map.of("token", token, "password", "yet another passphrase")),
        400,
        "invalid_token");
  }

  @Test
  void aResetLinkRunsOutAfterAnHourAndANewerOneReplacesIt() throws Exception {
    Session eli = verified("eli");
    Api client = anon();
    assertEquals(
        202, client.post("/api/v1/auth/forgot-password", Map.of("email", eli.email())).status());
    String first = token(RESET, awaitMail(eli.email(), 2));
    assertEquals(
        202, client.post("/api/v1/auth/forgot-password", Map.of("email", eli.email())).status());
    String second = token(RESET, awaitMail(eli.email(), 3));
    assertProblem(
        client.post(
            "/api/v1/auth/reset-password",
            Map.of("token", first, "password", "a new sturdy passphrase")),
        400,
        "invalid_token");
    sql(
        "UPDATE account_tokens SET expires_at = created_at WHERE user_id = '"
            + eli.userId()
            + "' AND purpose = 'reset' AND used_at IS NULL");
    assertProblem(
        client.post(
            "/api/v1/auth/reset-password",
            Map.of("token", second, "password", "a new sturdy passphrase")),
        400,
        "invalid_token");
    // eli's password did not change
    Accounts.login(anon(), eli.email(), Accounts.PASSWORD);
  }

  @Test
  void forgotPasswordIsLimitedPerAddressAndPerClient() throws Exception {
    assertInvalid(anon().post("/api/v1/auth/forgot-password", Map.of("email", "nope")), "email");

    String target = Accounts.uniqueEmail("target");
    for (int i = 0; i < 5; i++) {
      // each from another client
      assertEquals(
          202, anon().post("/api/v1/auth/forgot-password", Map.of("email", target)).status());
    }
    Api.Res perAddress = anon().post("/api/v1/auth/forgot-password", Map.of("email", target));
    assertProblem(perAddress, 429, "rate_limited");
    assertTrue(perAddress.header("Retry-After") != null, perAddress.toString());

    Api client = anon();
    for (int i = 0; i < 5; i++) {
      assertEquals(
          202,
          client
              .post("/api/v1/auth/forgot-password", Map.of("email", Accounts.uniqueEmail("m")))
              .status());
    }
    assertProblem(
        client.post("/api/v1/auth/forgot-password", Map.of("email", Accounts.uniqueEmail("m"))),
        429,
        "rate_limited");
  }

  @Test
  void mailWaitsWhileTheSmtpServerIsDownAndGoesOutWhenItIsBack() throws Exception {
    Session fay = verified("fay");
    synchronized (AccountSecurityIT.class) {
      smtp.stop();
      try {
        assertEquals(
            202,
            anon().post("/api/v1/auth/forgot-password", Map.of("email", fay.email())).status());
        Thread.sleep(3_000); // a few failed attempts
      } finally {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
      }
    }
    MimeMessage mail = awaitMail(fay.email(), 1); // the new server's first mail to fay
    assertEquals("Reset your Atelier password", mail.getSubject());
    String token = token(RESET, mail);
    assertEquals(
        204,
        anon()
            .post(
                "/api/v1/auth/reset-password",
                Map.of("token", token, "password", "a new sturdy passphrase"))
            .status());
  }
}
