package dev.atelier.core.platform;

import dev.atelier.core.agentchanges.AgentChangeRuns;
import dev.atelier.core.automations.AutomationEvents;
import dev.atelier.core.automations.AutomationTimer;
import dev.atelier.core.events.OutboxDispatcher;
import dev.atelier.core.identity.PasswordPolicy;
import dev.atelier.core.identity.User;
import dev.atelier.core.mail.Mailer;
import dev.atelier.core.metering.Metering;
import dev.atelier.core.models.ModelGateway;
import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.PluginLifecycle;
import dev.atelier.core.runs.RunQueue;
import dev.atelier.core.security.PasswordHasher;
import dev.atelier.core.security.SigningKeys;
import dev.atelier.core.tasks.TaskQueue;
import dev.atelier.core.tenancy.Tenancy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.logging.Logger;

/**
 * The start-up sequence, run while the application deploys and so before it serves: migrate the
 * database, load the signing keys, create the bootstrap superuser, load and start the plugins,
 * start delivering domain events, start the run workers and the automations timer. A failure here
 * fails the deployment with the reason in the log, rather than serving a half-ready server. And the
 * stop: the run workers hand their runs over while the database is still open.
 */
@ApplicationScoped
public class Startup {

  private static final Logger LOG = Logger.getLogger(Startup.class.getName());

  @Inject Database database;
  @Inject SigningKeys signingKeys;
  @Inject Transactions tx;
  @Inject Tenancy tenancy;
  @Inject AtelierConfig config;
  @Inject PluginLifecycle plugins;
  @Inject RunQueue runs;
  @Inject TaskQueue tasks;
  @Inject AutomationTimer automations;
  @Inject OutboxDispatcher events;
  @Inject ModelGateway models;
  @Inject Mailer mailer;
  @Inject AgentChangeRuns agentChanges;
  @Inject AutomationEvents automationEvents;
  @Inject Metering metering;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object payload) {
    long started = System.nanoTime();
    database.start();
    signingKeys.start();
    bootstrapAdmin();
    // in a web application the payload is the servlet context, which holds the bundled plugins
    plugins.start(payload instanceof ServletContext sc ? sc : null);
    mailer.start();
    agentChanges.start();
    automationEvents.start();
    events.start(); // the consumers (plugin listeners) have registered
    models.loadPrices();
    metering.loadSettings();
    runs.start();
    tasks.start();
    automations.start();
    LOG.info(
        "Atelier "
            + Version.current()
            + " ready in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms (data: "
            + config.dataDir()
            + "; "
            + runtime(payload instanceof ServletContext sc ? sc.getServerInfo() : "unknown server")
            + ")");
  }

  /**
   * The server, the Java version and where the JPA provider was loaded from: the WAR's own copy on
   * every server, or something is overriding the WAR's class loading.
   */
  static String runtime(String serverInfo) {
    Class<?> jpa = org.eclipse.persistence.Version.class;
    var source = jpa.getProtectionDomain().getCodeSource();
    String from = source == null ? "the server" : source.getLocation().toString();
    return serverInfo
        + ", Java "
        + Runtime.version()
        + ", EclipseLink "
        + org.eclipse.persistence.Version.getVersion()
        + " from "
        + (from.contains("WEB-INF/lib") || from.contains("atelier-core") ? "the WAR" : from);
  }

  /**
   * Before any application-scoped bean is destroyed (the database's pool among them): stop the run
   * workers, which hand back or release the runs of this node.
   */
  void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object payload) {
    runs.stop();
    tasks.stop();
  }

  private void bootstrapAdmin() {
    if (config.bootstrapAdminEmail().isEmpty()) {
      return;
    }
    String email = User.normalizeEmail(config.bootstrapAdminEmail().get());
    String password = config.bootstrapAdminPassword().orElse(null);
    tx.inPlatformDo(
        em -> {
          User existing =
              em.createQuery("SELECT u FROM User u WHERE u.email = :e", User.class)
                  .setParameter("e", email)
                  .getResultStream()
                  .findFirst()
                  .orElse(null);
          if (existing != null) {
            if (!existing.superuser()) {
              existing.setSuperuser(true);
              LOG.info("Bootstrap: " + email + " is now a superuser");
            }
            return;
          }
          if (password == null || password.length() < PasswordPolicy.MIN) {
            throw new IllegalStateException(
                "ATELIER_BOOTSTRAP_ADMIN_PASSWORD must be set (at least "
                    + PasswordPolicy.MIN
                    + " characters) to create the bootstrap superuser");
          }
          User admin = new User(email, "Administrator", new PasswordHasher().hash(password));
          admin.setSuperuser(true);
          admin.markEmailVerified();
          em.persist(admin);
          em.flush();
          tenancy.create(em, "Administrator", null, true, admin.id());
          LOG.info("Bootstrap: created superuser " + email);
        });
  }
}
