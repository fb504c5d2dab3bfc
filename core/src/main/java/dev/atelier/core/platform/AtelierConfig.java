package dev.atelier.core.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Every {@code atelier.*} configuration key the core reads, in one place. Values come from
 * MicroProfile Config, so each key can be overridden by an environment variable ({@code
 * atelier.data.dir} by {@code ATELIER_DATA_DIR}). The keys are documented in the README.
 */
@ApplicationScoped
public class AtelierConfig {

  private final Config config;

  public AtelierConfig() {
    this(ConfigProvider.getConfig());
  }

  AtelierConfig(Config config) {
    this.config = config;
  }

  private String string(String key, String fallback) {
    return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank()).orElse(fallback);
  }

  private Optional<String> optional(String key) {
    return config.getOptionalValue(key, String.class).filter(v -> !v.isBlank());
  }

  /** A comma-separated setting: its entries trimmed, without empty ones or repeats. */
  private List<String> list(String key) {
    return optional(key).stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .distinct()
        .toList();
  }

  private int integer(String key, int fallback) {
    return optional(key).map(String::trim).map(Integer::parseInt).orElse(fallback);
  }

  private long longValue(String key, long fallback) {
    return optional(key).map(String::trim).map(Long::parseLong).orElse(fallback);
  }

  private boolean bool(String key, boolean fallback) {
    return optional(key).map(String::trim).map(Boolean::parseBoolean).orElse(fallback);
  }

  /** The folder for the embedded database, the generated master key and plugin data. */
  public Path dataDir() {
    return Path.of(string("atelier.data.dir", "data")).toAbsolutePath().normalize();
  }

  /** The folder plugins are loaded from. */
  public Path pluginsDir() {
    return Path.of(string("atelier.plugins.dir", dataDir().resolveSibling("plugins").toString()))
        .toAbsolutePath()
        .normalize();
  }

  /**
   * Plugin ids the operator switched off for the whole server ({@code atelier.plugins.disabled}).
   */
  public Set<String> disabledPlugins() {
    return Set.copyOf(list("atelier.plugins.disabled"));
  }

  /** Where project files live: {@code <files dir>/<tenant id>/<project id>/}. */
  public Path filesDir() {
    return Path.of(string("atelier.files.dir", dataDir().resolve("projects").toString()))
        .toAbsolutePath()
        .normalize();
  }

  /** Largest project file in bytes. */
  public long filesMaxFileBytes() {
    return longValue("atelier.files.max-file-bytes", 10L * 1024 * 1024);
  }

  /** Most entries (files and folders) in one project. */
  public int filesMaxEntries() {
    return integer("atelier.files.max-entries", 10_000);
  }

  /** Most bytes of files in one project. */
  public long filesMaxProjectBytes() {
    return longValue("atelier.files.max-project-bytes", 1024L * 1024 * 1024);
  }

  /** How many runs this node works on at once ({@code atelier.runs.workers}). */
  public int runWorkers() {
    return Math.max(1, integer("atelier.runs.workers", 4));
  }

  /** Most automations one workspace may have ({@code atelier.automations.max-per-workspace}). */
  public int automationsPerWorkspace() {
    return Math.max(0, integer("atelier.automations.max-per-workspace", 100));
  }

  /**
   * How late a due time of an automation may be and still fire as itself ({@code
   * atelier.automations.misfire-threshold-seconds}); due times missed by more (the server was down)
   * fire once, for the latest of them.
   */
  public Duration automationsMisfireThreshold() {
    return Duration.ofSeconds(
        Math.max(1, integer("atelier.automations.misfire-threshold-seconds", 60)));
  }

  /**
   * Threads that write run events to this node's streaming clients ({@code
   * atelier.streams.threads}); an idle stream holds none, a client that stops reading holds one
   * until its write times out.
   */
  /**
   * Whether the server's own work runs on virtual threads ({@code atelier.threads.virtual}: {@code
   * auto}, {@code true} or {@code false}); {@code auto} means from Java 24 on, when at least 32
   * runs may work at once ({@code atelier.runs.workers}): where many runs wait on model providers
   * together, as measured in docs/benchmarks.md ({@link Threads}).
   */
  public boolean virtualThreads(int javaFeature) {
    String v = string("atelier.threads.virtual", "auto").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> javaFeature >= 24 && runWorkers() >= 32;
      default ->
          throw new IllegalArgumentException(
              "atelier.threads.virtual must be auto, true or false, not " + v);
    };
  }

  /**
   * How long a node holds an event delivery it claimed ({@code atelier.events.lease-seconds}, 3 at
   * least): a delivery whose node died is made again this long after it was claimed.
   */
  public Duration eventsLease() {
    return Duration.ofSeconds(Math.max(3, integer("atelier.events.lease-seconds", 30)));
  }

  /** Attempts at delivering an event to a consumer before it is left failed. */
  public int eventsMaxAttempts() {
    return Math.max(1, integer("atelier.events.max-attempts", 10));
  }

  public int streamThreads() {
    return Math.max(1, integer("atelier.streams.threads", 32));
  }

  /**
   * How long a node holds a run it works on without renewing its lease ({@code
   * atelier.runs.lease-seconds}, at least 3): a run whose node stopped is taken over this long
   * after its last renewal. Leases are renewed every third of it.
   */
  public Duration runLease() {
    return Duration.ofSeconds(Math.max(3, integer("atelier.runs.lease-seconds", 30)));
  }

  /**
   * How many times a run is started in all ({@code atelier.runs.max-attempts}, at least 1): a run
   * whose node stopped while running it this many times fails with {@code max_attempts_exceeded}
   * instead of being taken over again.
   */
  public int runMaxAttempts() {
    return Math.max(1, integer("atelier.runs.max-attempts", 3));
  }

  /**
   * How long a stopping node waits for the steps in progress to end ({@code
   * atelier.runs.shutdown-grace-seconds}) before it hands their runs over as they are.
   */
  public Duration runShutdownGrace() {
    return Duration.ofSeconds(Math.max(0, integer("atelier.runs.shutdown-grace-seconds", 10)));
  }

  /** How many background tasks a node works on at once ({@code atelier.tasks.workers}). */
  public int taskWorkers() {
    return Math.max(1, integer("atelier.tasks.workers", 2));
  }

  /**
   * How long a node holds a background task without renewing its lease ({@code
   * atelier.tasks.lease-seconds}, at least 3): a task whose node stopped is resumed or failed this
   * long after its last renewal.
   */
  public Duration taskLease() {
    return Duration.ofSeconds(Math.max(3, integer("atelier.tasks.lease-seconds", 30)));
  }

  /**
   * How many times a resumable task is started in all ({@code atelier.tasks.max-attempts}, at least
   * 1) before an interruption fails it.
   */
  public int taskMaxAttempts() {
    return Math.max(1, integer("atelier.tasks.max-attempts", 3));
  }

  /**
   * How long a stopping node waits for its tasks to end ({@code
   * atelier.tasks.shutdown-grace-seconds}) before it leaves them to be resumed or failed.
   */
  public Duration taskShutdownGrace() {
    return Duration.ofSeconds(Math.max(0, integer("atelier.tasks.shutdown-grace-seconds", 10)));
  }

  /**
   * How often a deployment asks its provider how it is ({@code atelier.deployments.poll-millis}).
   */
  public Duration deploymentPoll() {
    return Duration.ofMillis(Math.max(50, longValue("atelier.deployments.poll-millis", 3000)));
  }

  /**
   * How long a deployment may build at its provider before it ends in error ({@code
   * atelier.deployments.timeout-seconds}).
   */
  public Duration deploymentTimeout() {
    return Duration.ofSeconds(Math.max(1, integer("atelier.deployments.timeout-seconds", 1800)));
  }

  /** Where the projects' git repositories (their {@code .git} folders) are kept. */
  public Path gitDir() {
    return Path.of(string("atelier.git.dir", dataDir().resolve("git").toString()))
        .toAbsolutePath()
        .normalize();
  }

  /** The most bytes a clone or a pull may download ({@code atelier.git.max-fetch-bytes}). */
  public long gitMaxFetchBytes() {
    return Math.max(1024, longValue("atelier.git.max-fetch-bytes", 200L * 1024 * 1024));
  }

  /** How long a clone, push or pull may take in all ({@code atelier.git.timeout-seconds}). */
  public Duration gitTimeout() {
    return Duration.ofSeconds(Math.max(1, integer("atelier.git.timeout-seconds", 300)));
  }

  /**
   * The agent that does an agent change whose request names none ({@code
   * atelier.agent-changes.default-agent}, {@code coder}).
   */
  public String agentChangesDefaultAgent() {
    return string("atelier.agent-changes.default-agent", "coder").trim();
  }

  /** A JDBC URL; when absent the embedded H2 database under the data directory is used. */
  public Optional<String> dbUrl() {
    return optional("atelier.db.url");
  }

  public Optional<String> dbUser() {
    return optional("atelier.db.user");
  }

  public Optional<String> dbPassword() {
    return optional("atelier.db.password");
  }

  /**
   * How long a request waits for a database connection, and for PostgreSQL to accept one ({@code
   * atelier.db.connect-timeout-ms}, 250 ms at least); past it the request answers 503.
   */
  public Duration dbConnectTimeout() {
    return Duration.ofMillis(Math.max(250, longValue("atelier.db.connect-timeout-ms", 2000)));
  }

  /**
   * How long a PostgreSQL connection waits for an answer before it gives up ({@code
   * atelier.db.socket-timeout-seconds}): bounds a query in flight when the network to the database
   * stops answering. The longest query must fit in it.
   */
  public Duration dbSocketTimeout() {
    return Duration.ofSeconds(Math.max(1, longValue("atelier.db.socket-timeout-seconds", 15)));
  }

  public int dbPoolSize() {
    return integer("atelier.db.pool-size", 16);
  }

  /** Base64 of 32 random bytes; when absent one is generated under the data directory. */
  public Optional<String> masterKey() {
    return optional("atelier.master.key");
  }

  public Optional<String> bootstrapAdminEmail() {
    return optional("atelier.bootstrap.admin.email");
  }

  public Optional<String> bootstrapAdminPassword() {
    return optional("atelier.bootstrap.admin.password");
  }

  public String jwtIssuer() {
    return string("atelier.jwt.issuer", "atelier");
  }

  public String jwtAudience() {
    return string("atelier.jwt.audience", "atelier-api");
  }

  /** Lifetime of access tokens; at most 15 minutes. */
  public Duration accessTokenTtl() {
    int seconds = integer("atelier.jwt.access-token-seconds", 900);
    return Duration.ofSeconds(Math.max(30, Math.min(seconds, 900)));
  }

  public Duration refreshTokenTtl() {
    return Duration.ofDays(integer("atelier.jwt.refresh-token-days", 30));
  }

  public boolean registrationEnabled() {
    return bool("atelier.auth.registration.enabled", true);
  }

  public int rateLimitDefaultPerMinute() {
    return integer("atelier.rate-limit.default-per-minute", 100);
  }

  public int rateLimitRunsPerMinute() {
    return integer("atelier.rate-limit.runs-per-minute", 20);
  }

  public int rateLimitAnonymousPerMinute() {
    return integer("atelier.rate-limit.anonymous-per-minute", 100);
  }

  public int loginFailuresPerAccount() {
    return integer("atelier.rate-limit.login-failures-per-account", 5);
  }

  public int loginAttemptsPerIp() {
    return integer("atelier.rate-limit.login-attempts-per-ip", 30);
  }

  public Duration loginWindow() {
    return Duration.ofMinutes(integer("atelier.rate-limit.login-window-minutes", 15));
  }

  /** Addresses (exact or CIDR) of proxies whose {@code X-Forwarded-For} is believed. */
  public List<String> trustedProxies() {
    return list("atelier.http.trusted-proxies");
  }

  /** Largest accepted request body in bytes. */
  public long maxBodyBytes() {
    return integer("atelier.http.max-body-bytes", 1_048_576);
  }

  /**
   * The origins ({@code https://host[:port]}) browsers may open WebSockets from; empty for any.
   * Clients that send no {@code Origin} (not browsers) are not affected.
   */
  public List<String> websocketOrigins() {
    return list("atelier.http.websocket-origins");
  }

  /** Whether users may give the server private or loopback addresses to call. */
  public boolean outboundAllowPrivate() {
    return bool("atelier.outbound.allow-private", false);
  }

  /**
   * The model price table ({@code atelier.models.prices}): {@code
   * <provider>:<model>=<input>/<output>} entries in USD per million tokens, separated by {@code ;}
   * or new lines (see {@code docs/model-providers.md}).
   */
  public Optional<String> modelPrices() {
    return optional("atelier.models.prices");
  }

  /**
   * How many credits one US dollar of model cost is ({@code atelier.billing.credits-per-usd},
   * default 1000: a credit is a tenth of a cent). A model call is charged its cost in credits,
   * rounded up.
   */
  public long billingCreditsPerUsd() {
    return Math.max(1, longValue("atelier.billing.credits-per-usd", 1000));
  }

  /**
   * Where rate-limit counters are kept ({@code atelier.rate-limit.store}): {@code auto} (Payara's
   * Hazelcast when it runs, else this process), {@code hazelcast}, {@code database} or {@code
   * local}. The older {@code atelier.rate-limit.clustered=false} still means {@code local}.
   */
  public String rateLimitStore() {
    String store = string("atelier.rate-limit.store", "auto").trim().toLowerCase(Locale.ROOT);
    if (!List.of("auto", "hazelcast", "database", "local").contains(store)) {
      throw new IllegalArgumentException(
          "atelier.rate-limit.store must be auto, hazelcast, database or local, not " + store);
    }
    if ("auto".equals(store) && !bool("atelier.rate-limit.clustered", true)) {
      return "local";
    }
    return store;
  }

  /**
   * The browser origins ({@code scheme://host[:port]}) whose pages may call the MCP endpoint; a
   * request with any other {@code Origin} is refused (a request without one is not a browser's).
   */
  public List<String> mcpAllowedOrigins() {
    return list("atelier.mcp.allowed-origins");
  }

  /** How long an MCP session lasts from its start. */
  public Duration mcpSessionTtl() {
    return Duration.ofHours(integer("atelier.mcp.session-hours", 24));
  }

  /** The longest the MCP tool {@code run_agent} waits for a run's answer. */
  public Duration mcpMaxWait() {
    return Duration.ofSeconds(integer("atelier.mcp.max-wait-seconds", 300));
  }

  // --- Mail and account security ---

  /** The SMTP server mails go to; without it each mail is written to the server log. */
  public Optional<String> mailSmtpHost() {
    return optional("atelier.mail.smtp.host");
  }

  /** The SMTP port: 587 with STARTTLS, else 25. */
  public int mailSmtpPort() {
    return integer("atelier.mail.smtp.port", mailSmtpStarttls() ? 587 : 25);
  }

  public Optional<String> mailSmtpUser() {
    return optional("atelier.mail.smtp.user");
  }

  public Optional<String> mailSmtpPassword() {
    return optional("atelier.mail.smtp.password");
  }

  /** Whether the SMTP connection must be upgraded with STARTTLS (refused if the server cannot). */
  public boolean mailSmtpStarttls() {
    return bool("atelier.mail.smtp.starttls", false);
  }

  /** The sender of every mail. */
  public String mailFrom() {
    return string("atelier.mail.from", "Atelier <atelier@localhost>");
  }

  /** The address people reach this server at, for the links in mails (no trailing slash). */
  public String publicUrl() {
    String url = string("atelier.public.url", "http://localhost:8080").trim();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * Whether an account whose e-mail address is not verified is refused (403 email_not_verified)
   * everything but verifying, its own account and signing out.
   */
  public boolean requireVerifiedEmail() {
    return bool("atelier.auth.require-verified-email", false);
  }

  /** How long a verification link works. */
  public Duration verificationTokenTtl() {
    return Duration.ofHours(integer("atelier.auth.verification-hours", 48));
  }

  /** Password-reset requests per address and per client in {@link #loginWindow()}. */
  public int passwordResetsPerWindow() {
    return integer("atelier.rate-limit.password-resets", 5);
  }
}
