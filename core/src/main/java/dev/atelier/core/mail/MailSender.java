package dev.atelier.core.mail;

import dev.atelier.core.api.JsonP;
import dev.atelier.core.events.OutboxConsumer;
import dev.atelier.core.persistence.Database;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.MasterKey;
import dev.atelier.plugin.api.event.DomainEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Sends queued mails: the outbox hands it each {@code mail.queued} event, at least once and on any
 * node; it sends the mail over SMTP (or writes it to the log when no SMTP server is configured),
 * then marks it sent and clears its content. A failure (the SMTP server away, a refused login) is
 * an exception, and the outbox tries again later (ADR 0013); a mail already sent is not sent again.
 */
@ApplicationScoped
public class MailSender implements OutboxConsumer {

  private static final Logger LOG = Logger.getLogger(MailSender.class.getName());
  private static final String TIMEOUT_MS = "15000";
  private static final String CRLF = "\r\n";

  @Inject Database database;
  @Inject MasterKey masterKey;
  @Inject AtelierConfig config;

  @Override
  public String name() {
    return "core:mail";
  }

  @Override
  public boolean accepts(String type) {
    return Mailer.EVENT.equals(type);
  }

  @Override
  public void deliver(DomainEvent event) throws SQLException, MessagingException {
    String id = event.attributes().get("mail_id");
    if (id == null) {
      return;
    }
    String to;
    String sealed;
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT to_address, content, sent_at FROM mail_queue WHERE id = ?")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next() || rs.getTimestamp(3) != null) {
          return; // sent already (a delivery made again), or purged
        }
        to = rs.getString(1);
        sealed = rs.getString(2);
      }
    }
    JsonObject content;
    try (var reader =
        JsonP.JSON.createReader(new StringReader(masterKey.decrypt(sealed, Mailer.context(id))))) {
      content = reader.readObject();
    }
    MailMessage message =
        new MailMessage(
            content.getString("subject"), content.getString("text"), content.getString("html"));
    if (config.mailSmtpHost().isPresent()) {
      send(to, message);
    } else {
      LOG.info(
          "Mail not sent (no SMTP server configured)\nTo: "
              + to
              + "\nSubject: "
              + message.subject()
              + "\n\n"
              + message.text());
    }
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement("UPDATE mail_queue SET sent_at = ?, content = NULL WHERE id = ?")) {
      st.setTimestamp(1, Timestamp.from(Instant.now()));
      st.setString(2, id);
      st.executeUpdate();
    }
  }

  private void send(String to, MailMessage message) throws MessagingException {
    Properties props = new Properties();
    props.put("mail.smtp.host", config.mailSmtpHost().get());
    props.put("mail.smtp.port", Integer.toString(config.mailSmtpPort()));
    props.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
    props.put("mail.smtp.timeout", TIMEOUT_MS);
    props.put("mail.smtp.writetimeout", TIMEOUT_MS);
    if (config.mailSmtpStarttls()) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    boolean auth = config.mailSmtpUser().isPresent();
    if (auth) {
      props.put("mail.smtp.auth", "true");
    }
    Session session = Session.getInstance(props);
    MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(compose(to, message)));
    Transport transport = session.getTransport("smtp");
    if (auth) {
      transport.connect(config.mailSmtpUser().get(), config.mailSmtpPassword().orElse(""));
    } else {
      transport.connect();
    }
    try {
      transport.sendMessage(mime, new Address[] {new InternetAddress(to, true)});
    } finally {
      transport.close();
    }
  }

  /**
   * The mail as RFC 5322 text: multipart/alternative with the text and the HTML body, each UTF-8 in
   * base64. Composed here rather than from Jakarta Mail's content objects, whose writing looks up
   * content handlers through the thread's class loader: on WildFly an application does not see the
   * server's (Angus Mail's), and the mail could not be written.
   */
  byte[] compose(String to, MailMessage message) throws MessagingException {
    String boundary = "=_atelier_" + UUID.randomUUID();
    StringBuilder m = new StringBuilder();
    m.append("From: ").append(new InternetAddress(config.mailFrom(), true)).append(CRLF);
    m.append("To: ").append(new InternetAddress(to, true)).append(CRLF);
    try {
      m.append("Subject: ")
          .append(MimeUtility.fold(9, MimeUtility.encodeText(message.subject(), "UTF-8", "B")))
          .append(CRLF);
    } catch (java.io.UnsupportedEncodingException e) {
      throw new MessagingException("UTF-8 is not supported", e);
    }
    m.append("Date: ").append(new MailDateFormat().format(new Date())).append(CRLF);
    m.append("Message-ID: <").append(UUID.randomUUID()).append("@atelier>").append(CRLF);
    m.append("MIME-Version: 1.0").append(CRLF);
    m.append("Content-Type: multipart/alternative; boundary=\"")
        .append(boundary)
        .append('"')
        .append(CRLF)
        .append(CRLF);
    part(m, boundary, "text/plain", message.text());
    part(m, boundary, "text/html", message.html());
    m.append("--").append(boundary).append("--").append(CRLF);
    return m.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static void part(StringBuilder m, String boundary, String type, String body) {
    m.append("--").append(boundary).append(CRLF);
    m.append("Content-Type: ").append(type).append("; charset=UTF-8").append(CRLF);
    m.append("Content-Transfer-Encoding: base64").append(CRLF).append(CRLF);
    m.append(
            Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                .encodeToString(body.getBytes(StandardCharsets.UTF_8)))
        .append(CRLF);
  }
}
