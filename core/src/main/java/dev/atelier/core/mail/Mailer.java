package dev.atelier.core.mail;

import dev.atelier.core.api.JsonP;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Queues mails: renders one from its templates, writes it (encrypted) to {@code mail_queue} and its
 * {@code mail.queued} event to the outbox, both in the unit of work in progress (so a mail exists
 * exactly when the change that causes it committed), and {@link MailSender} sends it.
 */
@ApplicationScoped
public class Mailer {

  static final String EVENT = "mail.queued";
  private static final Logger LOG = Logger.getLogger(Mailer.class.getName());

  @Inject Transactions tx;
  @Inject Outbox outbox;
  @Inject MasterKey masterKey;
  @Inject AtelierConfig config;
  @Inject MailSender sender;

  /** Registers the sender with the outbox; called at start-up before events are delivered. */
  public void start() {
    outbox.register(sender);
    if (config.mailSmtpHost().isEmpty()) {
      LOG.warning(
          "ATELIER_MAIL_SMTP_HOST is not set: mails (e-mail verification, password reset, sign-in"
              + " codes) are written to this log instead of being sent");
    } else {
      LOG.info(
          "Mail: SMTP "
              + config.mailSmtpHost().get()
              + ":"
              + config.mailSmtpPort()
              + (config.mailSmtpStarttls() ? " with STARTTLS" : "")
              + ", from "
              + config.mailFrom());
    }
  }

  /**
   * Queues the mail of template {@code template} to {@code to}, rendered with {@code values} and
   * {@code public_url} (this server's public address); returns the mail's id.
   */
  public String queue(String to, String template, Map<String, String> values) {
    Map<String, String> all = new HashMap<>(values);
    all.putIfAbsent("public_url", config.publicUrl());
    MailMessage message = MailTemplates.render(template, all);
    String id = UUID.randomUUID().toString();
    String content =
        masterKey.encrypt(
            JsonP.JSON
                .createObjectBuilder()
                .add("subject", message.subject())
                .add("text", message.text())
                .add("html", message.html())
                .build()
                .toString(),
            context(id));
    EntityManager em = Transactions.current().orElse(null);
    if (em == null) {
      tx.inPlatformDo(own -> write(own, id, template, to, content));
    } else {
      write(em, id, template, to, content);
    }
    return id;
  }

  private void write(EntityManager em, String id, String template, String to, String content) {
    em.createNativeQuery(
            "INSERT INTO mail_queue (id, template, to_address, content, created_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .setParameter(1, id)
        .setParameter(2, template)
        .setParameter(3, to)
        .setParameter(4, content)
        .setParameter(5, Timestamp.from(Times.now()))
        .executeUpdate();
    outbox.publish(EVENT, null, "mail:" + id, Map.of("mail_id", id, "template", template));
  }

  /** The encryption context of mail {@code id}'s content. */
  static String context(String id) {
    return "mail:" + id;
  }
}
