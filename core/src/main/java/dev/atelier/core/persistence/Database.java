package dev.atelier.core.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.atelier.core.platform.AtelierConfig;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The database: one connection pool, the Flyway migrations that own the schema, and the persistence
 * unit built on top. {@link #start()} runs once at start-up, before the server serves (see {@link
 * dev.atelier.core.platform.Startup}).
 *
 * <p>Without {@code ATELIER_DB_URL} the database is an embedded H2 file under the data directory;
 * with it, the URL's database (PostgreSQL in production).
 */
@ApplicationScoped
public class Database {

  private static final Logger LOG = Logger.getLogger(Database.class.getName());

  @Inject AtelierConfig config;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final DatabaseHealth health = new DatabaseHealth();
  private volatile HikariDataSource pool;
  private volatile DataSource dataSource;
  private volatile EntityManagerFactory emf;
  private volatile boolean postgres;
  private ScheduledFuture<?> probe;

  /** Opens the pool, migrates the schema and builds the persistence unit. Idempotent. */
  public synchronized void start() {
    if (emf != null) {
      return;
    }
    HikariConfig hc = new HikariConfig();
    String url =
        config
            .dbUrl()
            .orElse(
                "jdbc:h2:file:"
                    + config.dataDir().resolve("db").resolve("atelier")
                    + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
    hc.setJdbcUrl(url);
    config.dbUser().ifPresent(hc::setUsername);
    config.dbPassword().ifPresent(hc::setPassword);
    if (url.startsWith("jdbc:h2:")) {
      hc.setDriverClassName("org.h2.Driver");
      if (config.dbUser().isEmpty()) {
        hc.setUsername("atelier");
        hc.setPassword("");
      }
    } else if (url.startsWith("jdbc:postgresql:")) {
      hc.setDriverClassName("org.postgresql.Driver");
      postgres = true;
      // bounded waits on the network: a database that does not answer is an error in seconds
      int connect = (int) Math.max(1, (config.dbConnectTimeout().toMillis() + 999) / 1000);
      hc.addDataSourceProperty("connectTimeout", connect);
      hc.addDataSourceProperty("loginTimeout", connect);
      hc.addDataSourceProperty("socketTimeout", config.dbSocketTimeout().toSeconds());
      hc.addDataSourceProperty("tcpKeepAlive", true);
    }
    hc.setMaximumPoolSize(config.dbPoolSize());
    hc.setPoolName("atelier");
    hc.setAutoCommit(true);
    hc.setConnectionTimeout(config.dbConnectTimeout().toMillis());
    hc.setValidationTimeout(Math.min(1000, config.dbConnectTimeout().toMillis()));
    hc.setInitializationFailTimeout(30_000);
    pool = new HikariDataSource(hc);
    dataSource = health.guard(pool, this::poolBusy);
    LOG.info("Database: " + redact(url));

    Flyway.configure(Database.class.getClassLoader())
        .dataSource(pool)
        .locations("classpath:db/migration")
        .table("flyway_schema_history")
        .load()
        .migrate();

    emf = PersistenceUnits.create("atelier", dataSource, EntityClasses.CORE, Map.of());
    if (scheduler != null) {
      probe =
          scheduler.scheduleWithFixedDelay(
              () -> health.probe(pool, 1, this::poolBusy, () -> direct(hc)),
              1000,
              1000,
              TimeUnit.MILLISECONDS);
    }
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /**
   * The connection pool, which refuses at once while the database is known to be down ({@link
   * DatabaseHealth}).
   */
  public DataSource dataSource() {
    requireStarted();
    return dataSource;
  }

  /** A connection outside the pool, with the pool's settings and a one-second login timeout. */
  private static Connection direct(HikariConfig hc) throws SQLException {
    java.util.Properties props = new java.util.Properties();
    props.putAll(hc.getDataSourceProperties());
    if (hc.getUsername() != null) {
      props.setProperty("user", hc.getUsername());
    }
    if (hc.getPassword() != null) {
      props.setProperty("password", hc.getPassword());
    }
    props.setProperty("connectTimeout", "1");
    props.setProperty("loginTimeout", "1");
    props.setProperty("socketTimeout", "2");
    return java.sql.DriverManager.getDriver(hc.getJdbcUrl()).connect(hc.getJdbcUrl(), props);
  }

  /**
   * Whether the pool holds live connections that are all in use: a request that found none free
   * waited for the pool, not for the database.
   */
  private boolean poolBusy() {
    var mx = pool.getHikariPoolMXBean();
    return mx != null
        && mx.getTotalConnections() > 0
        && mx.getActiveConnections() >= mx.getTotalConnections();
  }

  /** Whether the database answers, as last seen; never waits. */
  public DatabaseHealth health() {
    return health;
  }

  public EntityManagerFactory entityManagerFactory() {
    requireStarted();
    return emf;
  }

  public boolean isPostgres() {
    return postgres;
  }

  /**
   * Whether the database is migrated and answered its last probe (a second ago at most); for the
   * readiness check, which must answer at once whatever the database does.
   */
  public boolean isReachable() {
    return emf != null && health.up();
  }

  private void requireStarted() {
    if (emf == null) {
      throw new IllegalStateException("The database has not been started");
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (probe != null) {
      probe.cancel(false);
    }
    if (emf != null) {
      emf.close();
      emf = null;
    }
    if (pool != null) {
      pool.close();
    }
  }

  /** The entity classes of the core persistence unit. */
  static final class EntityClasses {
    static final List<String> CORE =
        List.of(
            "dev.atelier.core.persistence.TenantOwned",
            "dev.atelier.core.identity.User",
            "dev.atelier.core.tenancy.Tenant",
            "dev.atelier.core.tenancy.Membership",
            "dev.atelier.core.apikeys.ApiKey",
            "dev.atelier.core.projects.Project",
            "dev.atelier.core.projects.ProjectSecret",
            "dev.atelier.core.agents.Agent",
            "dev.atelier.core.audit.AuditEvent",
            "dev.atelier.core.features.FeatureSetting",
            "dev.atelier.core.features.TenantFeature",
            "dev.atelier.core.plugins.PluginSecret",
            "dev.atelier.core.chat.Chat",
            "dev.atelier.core.runs.Run",
            "dev.atelier.core.runs.RunStep",
            "dev.atelier.core.automations.Automation",
            "dev.atelier.core.tasks.Task",
            "dev.atelier.core.deployments.Deployment",
            "dev.atelier.core.deployments.DeploymentCredential",
            "dev.atelier.core.deployments.DeploymentOAuthState",
            "dev.atelier.core.metering.BillingPlan",
            "dev.atelier.core.metering.CreditAccount",
            "dev.atelier.core.metering.CreditEntry",
            "dev.atelier.core.gitproviders.ProviderConnection",
            "dev.atelier.core.git.GitWebhook",
            "dev.atelier.core.git.GitDelivery",
            "dev.atelier.core.agentchanges.AgentChange",
            "dev.atelier.plugin.api.data.InstantConverter");

    private EntityClasses() {}
  }
}
