package dev.atelier.it;

import static dev.atelier.testkit.Problems.assertInvalid;
import static dev.atelier.testkit.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two-factor sign-in over HTTP: enrolling an authenticator (secret, otpauth URI, a QR code that
 * decodes to it), confirming it, signing in with TOTP, a recovery code or a code by mail, a TOTP
 * code accepted once, wrong codes counted toward the lockout, turning it off, a superuser's reset
 * (audited), and workspaces that require it. The test computes TOTP codes itself (RFC 6238).
 */
class TwoFactorIT {

  private static GreenMail smtp;
  private static String db;
  private static AtelierServer.Running server;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    server =
        AtelierServer.launch(
            "two-factor",
            Map.of(
                "ATELIER_MAIL_SMTP_HOST",
                "127.0.0.1",
                "ATELIER_MAIL_SMTP_PORT",
                Integer.toString(port),
                "ATELIER_BOOTSTRAP_ADMIN_EMAIL",
                AtelierServer.ADMIN_EMAIL,
                "ATELIER_BOOTSTRAP_ADMIN_PASSWORD",
                AtelierServer.ADMIN_PASSWORD),
            List.of("--nocluster"),
            db);
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

  private static Api anon() {
    return Api.at(server.baseUrl());
  }

  private static String totp(String secret, long step) throws Exception {
    return TotpCodes.code(secret, step);
  }

  private static long now() {
    return TotpCodes.now();
  }

  /** An enrolled user: the session, the secret, the recovery codes and the step last used. */
  private record Enrolled(Session session, String secret, List<String> recovery, long usedStep) {}

  private static Enrolled enrol(Session s) throws Exception {
    Api.Res started = s.api().post("/api/v1/users/me/2fa/totp", Map.of());
    assertEquals(200, started.status(), started.toString());
    String secret = started.json().path("secret").asText();
    long step = now();
    Api.Res confirmed =
        s.api().post("/api/v1/users/me/2fa/totp/confirm", Map.of("code", totp(secret, step)));
    assertEquals(200, confirmed.status(), confirmed.toString());
    List<String> codes = new ArrayList<>();
    confirmed.json().path("recovery_codes").forEach(c -> codes.add(c.asText()));
    return new Enrolled(s, secret, codes, step);
  }

  private static JsonNode challenge(String email, String password) {
    Api.Res res = anon().post("/api/v1/auth/login", Map.of("email", email, "password", password));
    assertEquals(200, res.status(), res.toString());
    assertTrue(res.json().path("mfa_required").asBoolean(), res.toString());
    assertTrue(res.json().path("access_token").isNull(), res.toString());
    assertTrue(res.json().path("refresh_token").isNull(), res.toString());
    return res.json();
  }

  private static Api.Res verify(String mfaToken, String method, String code) {
    return anon()
        .post(
            "/api/v1/auth/2fa/verify",
            Map.of("mfa_token", mfaToken, "method", method, "code", code));
  }

  @Test
  void enrolConfirmAndSignInWithTotpEachCodeOnce() throws Exception {
    Session ada = Accounts.newUser(anon(), "ada");
    Api.Res started = ada.api().post("/api/v1/users/me/2fa/totp", Map.of());
    assertEquals(200, started.status(), started.toString());
    String secret = started.json().path("secret").asText();
    assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
    String uri = started.json().path("otpauth_uri").asText();
    assertTrue(uri.startsWith("otpauth://totp/Atelier:"), uri);
    assertTrue(uri.contains("secret=" + secret), uri);
    // the QR code is a PNG that decodes to the URI
    byte[] png = Base64.getDecoder().decode(started.json().path("qr_png_base64").asText());
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    String decoded =
        new QRCodeReader()
            .decode(
                new BinaryBitmap(
                    new HybridBinarizer(
                        new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
            .getText();
    assertEquals(uri, decoded);

    // not in force until confirmed: sign-in needs only the password
    assertFalse(
        anon()
            .post("/api/v1/auth/login", Map.of("email", ada.email(), "password", Accounts.PASSWORD))
            .json()
            .path("mfa_required")
            .asBoolean());
    assertInvalid(ada.api().post("/api/v1/users/me/2fa/totp/confirm", Map.of()), "code");
    assertInvalid(
        ada.api()
            .post("/api/v1/users/me/2fa/totp/confirm", Map.of("code", totp(secret, now() - 5))),
        "code");
    assertInvalid(
        ada.api().post("/api/v1/users/me/2fa/totp/confirm", Map.of("code", "abcdef")), "code");

    long step = now();
    Api.Res confirmed =
        ada.api().post("/api/v1/users/me/2fa/totp/confirm", Map.of("code", totp(secret, step)));
    assertEquals(200, confirmed.status(), confirmed.toString());
    JsonNode codes = confirmed.json().path("recovery_codes");
    assertEquals(10, codes.size());
    HashSet<String> distinct = new HashSet<>();
    codes.forEach(c -> distinct.add(c.asText()));
    assertEquals(10, distinct.size());
    assertTrue(
        ada.api()
            .get("/api/v1/users/me")
            .json()
            .path("user")
            .path("two_factor_enabled")
            .asBoolean());
    assertProblem(ada.api().post("/api/v1/users/me/2fa/totp", Map.of()), 409, "two_factor_enabled");
    assertProblem(
        ada.api().post("/api/v1/users/me/2fa/totp/confirm", Map.of("code", totp(secret, step + 1))),
        409,
        "two_factor_enabled");

    // sign-in: a challenge, no tokens; methods without e-mail (the address is not verified)
    JsonNode c = challenge(ada.email(), Accounts.PASSWORD);
    assertEquals(
        List.of("totp", "recovery_code"), Api.JSON.convertValue(c.path("methods"), List.class));
    String mfa = c.path("mfa_token").asText();

    // the confirming code is used: refused (and counted)
    assertProblem(verify(mfa, "totp", totp(secret, step)), 401, "invalid_code");
    // bad input
    assertInvalid(anon().post("/api/v1/auth/2fa/verify", Map.of()), "mfa_token", "method", "code");
    assertInvalid(
        anon()
            .post(
                "/api/v1/auth/2fa/verify",
                Map.of("mfa_token", mfa, "method", "sms", "code", "123456")),
        "method");
    assertProblem(verify("atm_" + "x".repeat(43), "totp", "123456"), 401, "invalid_mfa_token");
    assertProblem(verify("x".repeat(3000), "totp", "123456"), 401, "invalid_mfa_token");

    Api.Res done = verify(mfa, "totp", totp(secret, step + 1));
    assertEquals(200, done.status(), done.toString());
    assertFalse(done.json().path("mfa_required").asBoolean());
    Session signedIn = Accounts.session(anon(), ada.email(), done.json());
    assertEquals(200, signedIn.api().get("/api/v1/projects").status());

    // the challenge is spent, and the code is accepted once
    assertProblem(verify(mfa, "totp", totp(secret, step + 1)), 401, "invalid_mfa_token");
    String again = challenge(ada.email(), Accounts.PASSWORD).path("mfa_token").asText();
    assertProblem(verify(again, "totp", totp(secret, step + 1)), 401, "invalid_code");

    // a recovery code works once
    String recovery = codes.get(0).asText();
    Api.Res byRecovery = verify(again, "recovery_code", recovery.toUpperCase());
    assertEquals(200, byRecovery.status(), byRecovery.toString());
    String third = challenge(ada.email(), Accounts.PASSWORD).path("mfa_token").asText();
    assertProblem(verify(third, "recovery_code", recovery), 401, "invalid_code");
    // another user's recovery code is not ada's
    Enrolled bob = enrol(Accounts.newUser(anon(), "bob"));
    assertProblem(verify(third, "recovery_code", bob.recovery().get(0)), 401, "invalid_code");
  }

  @Test
  void wrongCodesCountTowardTheLockout() throws Exception {
    Enrolled cy = enrol(Accounts.newUser(anon(), "cy"));
    String email = cy.session().email();
    String mfa = challenge(email, Accounts.PASSWORD).path("mfa_token").asText();
    for (int i = 0; i < 4; i++) {
      assertProblem(
          verify(mfa, "totp", "000000".equals(totp(cy.secret(), now())) ? "111111" : "000000"),
          401,
          "invalid_code");
    }
    String second = challenge(email, Accounts.PASSWORD).path("mfa_token").asText();
    assertProblem(verify(second, "recovery_code", "aaaaa-aaaaa"), 401, "invalid_code");
    // five failures: locked, even with the right code, and for the password too
    assertProblem(verify(second, "totp", totp(cy.secret(), now() + 1)), 429, "rate_limited");
    assertProblem(
        anon().post("/api/v1/auth/login", Map.of("email", email, "password", Accounts.PASSWORD)),
        429,
        "rate_limited");
  }

  @Test
  void aCodeByMailIsASecondMethod() throws Exception {
    Session dan = Accounts.newUser(anon(), "dan");
    String verifyToken = mailed(dan.email(), Pattern.compile("atv_[A-Za-z0-9_-]{43}"), 1);
    assertEquals(204, anon().post("/api/v1/auth/verify", Map.of("token", verifyToken)).status());
    enrol(dan);
    JsonNode c = challenge(dan.email(), Accounts.PASSWORD);
    assertEquals(
        List.of("totp", "email", "recovery_code"),
        Api.JSON.convertValue(c.path("methods"), List.class));
    String mfa = c.path("mfa_token").asText();
    // none sent yet
    assertProblem(verify(mfa, "email", "123456"), 401, "invalid_code");
    assertInvalid(anon().post("/api/v1/auth/2fa/resend", Map.of()), "mfa_token");
    assertProblem(
        anon().post("/api/v1/auth/2fa/resend", Map.of("mfa_token", "atm_" + "y".repeat(43))),
        401,
        "invalid_mfa_token");
    Api.Res sent = anon().post("/api/v1/auth/2fa/resend", Map.of("mfa_token", mfa));
    assertEquals(202, sent.status(), sent.toString());
    String code = mailed(dan.email(), Pattern.compile("\\b[0-9]{6}\\b"), 2);
    Api.Res done = verify(mfa, "email", code);
    assertEquals(200, done.status(), done.toString());
    // once
    String next = challenge(dan.email(), Accounts.PASSWORD).path("mfa_token").asText();
    assertProblem(verify(next, "email", code), 401, "invalid_code");
  }

  /** The first match of {@code pattern} in mail number {@code n} to {@code to}. */
  private static String mailed(String to, Pattern pattern, int n) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      List<MimeMessage> mine = new ArrayList<>();
      for (MimeMessage m : smtp.getReceivedMessages()) {
        if (m.getAllRecipients()[0].toString().equals(to)) {
          mine.add(m);
        }
      }
      if (mine.size() >= n) {
        String text =
            ((MimeMultipart) mine.get(n - 1).getContent()).getBodyPart(0).getContent().toString();
        Matcher found = pattern.matcher(text);
        assertTrue(found.find(), text);
        return found.group();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no mail " + n + " to " + to);
  }

  @Test
  void turningItOffNeedsThePasswordAndACode() throws Exception {
    Enrolled eve = enrol(Accounts.newUser(anon(), "eve"));
    Api api = eve.session().api();
    assertInvalid(
        api.send("DELETE", "/api/v1/users/me/2fa", Map.of(), "application/json"),
        "password",
        "code");
    assertInvalid(
        api.send(
            "DELETE",
            "/api/v1/users/me/2fa",
            Map.of("password", "wrong password 1", "code", eve.recovery().get(0)),
            "application/json"),
        "password");
    assertInvalid(
        api.send(
            "DELETE",
            "/api/v1/users/me/2fa",
            Map.of("password", Accounts.PASSWORD, "code", "zzzzz-zzzzz"),
            "application/json"),
        "code");
    Api.Res off =
        api.send(
            "DELETE",
            "/api/v1/users/me/2fa",
            Map.of("password", Accounts.PASSWORD, "code", eve.recovery().get(1)),
            "application/json");
    assertEquals(204, off.status(), off.toString());
    assertProblem(
        api.send(
            "DELETE",
            "/api/v1/users/me/2fa",
            Map.of("password", Accounts.PASSWORD, "code", eve.recovery().get(2)),
            "application/json"),
        409,
        "two_factor_not_enabled");
    Accounts.login(anon(), eve.session().email(), Accounts.PASSWORD); // tokens at once
  }

  @Test
  void aSuperuserResetsAUsersSecondFactorAndItIsAudited() throws Exception {
    Enrolled fay = enrol(Accounts.newUser(anon(), "fay"));
    Session root = Accounts.login(anon(), AtelierServer.ADMIN_EMAIL, AtelierServer.ADMIN_PASSWORD);
    Session other = Accounts.newUser(anon(), "other");
    String path = "/api/v1/admin/users/" + fay.session().userId() + "/2fa";
    assertProblem(other.api().delete(path), 403, "forbidden");
    assertProblem(
        root.api().delete("/api/v1/admin/users/" + java.util.UUID.randomUUID() + "/2fa"),
        404,
        "not_found");
    assertEquals(204, root.api().delete(path).status());
    Session back = Accounts.login(anon(), fay.session().email(), Accounts.PASSWORD);
    assertFalse(
        back.api()
            .get("/api/v1/users/me")
            .json()
            .path("user")
            .path("two_factor_enabled")
            .asBoolean());
    JsonNode audit = back.api().get("/api/v1/audit-events?action=user.2fa_reset").json();
    assertEquals(1, audit.path("items").size(), audit.toString());
    assertEquals(
        AtelierServer.ADMIN_EMAIL,
        audit.path("items").get(0).path("actor_email").asText(),
        audit.toString());
    // the other workspace sees nothing of it
    JsonNode elsewhere = other.api().get("/api/v1/audit-events?action=user.2fa_reset").json();
    assertEquals(0, elsewhere.path("items").size(), elsewhere.toString());
  }

  @Test
  void aWorkspaceThatRequiresTwoFactorRefusesMembersWithoutIt() throws Exception {
    Session gus = Accounts.newUser(anon(), "gus");
    Session hal = Accounts.newUser(anon(), "hal");
    Session halInGus = Accounts.joinAs(gus, hal, "viewer");

    assertInvalid(
        gus.api().patch("/api/v1/tenants/current", Map.of("require_2fa", "yes")), "require_2fa");
    assertProblem(
        halInGus.api().patch("/api/v1/tenants/current", Map.of("require_2fa", true)),
        403,
        "forbidden");
    Api.Res required = gus.api().patch("/api/v1/tenants/current", Map.of("require_2fa", true));
    assertEquals(200, required.status(), required.toString());
    assertTrue(required.json().path("require_2fa").asBoolean());

    // neither has a second factor: refused in gus's workspace, but not their own account
    assertProblem(gus.api().get("/api/v1/projects"), 403, "two_factor_required");
    assertProblem(halInGus.api().get("/api/v1/projects"), 403, "two_factor_required");
    assertEquals(200, halInGus.api().get("/api/v1/users/me").status());
    // hal's own workspace does not require it
    assertEquals(200, hal.api().get("/api/v1/projects").status());

    enrol(gus);
    assertEquals(200, gus.api().get("/api/v1/projects").status());
    assertEquals(
        1,
        gus.api()
            .get("/api/v1/audit-events?action=tenant.2fa_required")
            .json()
            .path("items")
            .size());
    enrol(halInGus);
    assertEquals(200, halInGus.api().get("/api/v1/projects").status());
  }
}
