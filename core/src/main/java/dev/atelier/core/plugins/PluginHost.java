package dev.atelier.core.plugins;

import dev.atelier.core.events.Outbox;
import dev.atelier.core.events.OutboxConsumer;
import dev.atelier.core.features.Features;
import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.PersistenceUnits;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.OutboundGuard;
import dev.atelier.plugin.api.PluginApi;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.data.EntityProvider;
import dev.atelier.plugin.api.data.InstantConverter;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import dev.atelier.plugin.api.secrets.SecretStore;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.RouteProvider;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import dev.atelier.plugin.api.workspace.Workspace;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.flywaydb.core.Flyway;
import org.pf4j.PluginDescriptor;
import org.pf4j.util.FileUtils;

/**
 * Loads, starts and holds the plugins. {@link #start} runs once at start-up, before the server
 * serves: bundled plugins (the WAR's {@code WEB-INF/plugins/}) first, then the archives of the
 * plugins directory, each copied into {@code <data>/work/plugins} so the operator's folder is never
 * written. A plugin that is incompatible, duplicate, broken or fails while starting is recorded
 * with its state and error and left out; the others and the server go on.
 */
@ApplicationScoped
public class PluginHost {

  private static final Logger LOG = Logger.getLogger(PluginHost.class.getName());
  private static final Pattern ID = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$");
  private static final Pattern WEBHOOK_NAME = ID;

  /** First path segments under {@code api/v1} that belong to the core. */
  static final Set<String> CORE_SEGMENTS =
      Set.of(
          "auth",
          "users",
          "tenants",
          "api-keys",
          "projects",
          "audit-events",
          "admin",
          "config",
          "webhooks",
          "agents",
          "runs",
          "chat",
          "tools",
          "model-providers",
          "automations",
          "usage",
          "mcp",
          ".well-known",
          "features",
          "plugins",
          "files",
          "secrets");

  @Inject AtelierConfig config;
  @Inject Database database;
  @Inject Transactions transactions;
  @Inject Features features;
  @Inject MasterKey masterKey;
  @Inject OutboundGuard outbound;
  @Inject Outbox outbox;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduledExecutor;

  private final Map<String, HostedPlugin> byId = new ConcurrentHashMap<>();
  private final Map<Class<?>, HostedPlugin> routeOwners = new ConcurrentHashMap<>();
  private volatile List<HostedPlugin> all = List.of();
  private volatile HostPluginManager manager;
  private boolean started;

  /** Loads and starts every plugin; idempotent. {@code servletContext} may be null (no bundled). */
  public synchronized void start(ServletContext servletContext) {
    if (started) {
      return;
    }
    started = true;
    long t0 = System.nanoTime();
    database.start();
    Path work = config.dataDir().resolve("work").resolve("plugins");
    List<Candidate> candidates = new ArrayList<>();
    try {
      if (Files.exists(work)) {
        FileUtils.delete(work);
      }
      Files.createDirectories(work.resolve("bundled"));
      Files.createDirectories(work.resolve("installed"));
      candidates.addAll(bundled(servletContext, work.resolve("bundled")));
      candidates.addAll(installed(config.pluginsDir(), work.resolve("installed")));
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "Cannot prepare the plugin work folder " + work, e);
    }
    manager = new HostPluginManager(work, id -> byId.get(id).context);
    List<HostedPlugin> list = new ArrayList<>();
    for (Candidate c : candidates) {
      list.add(load(c));
    }
    for (HostedPlugin p : list) {
      if (p.wrapper != null && p.state == null) {
        startPlugin(p);
      }
    }
    all = Collections.unmodifiableList(list);
    long ok = list.stream().filter(HostedPlugin::started).count();
    LOG.info(
        "Plugins: "
            + ok
            + " of "
            + list.size()
            + " started in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms (plugin API "
            + PluginApi.VERSION
            + ", folder "
            + config.pluginsDir()
            + ")");
  }

  private record Candidate(Path path, String name, boolean bundled) {}

  private static List<Candidate> bundled(ServletContext sc, Path into) throws IOException {
    List<Candidate> out = new ArrayList<>();
    Set<String> paths = sc == null ? null : sc.getResourcePaths("/WEB-INF/plugins/");
    if (paths == null) {
      return out;
    }
    for (String resource : paths.stream().sorted().toList()) {
      if (!isArchive(resource)) {
        continue;
      }
      String name = resource.substring(resource.lastIndexOf('/') + 1);
      Path target = into.resolve(name);
      try (InputStream in = sc.getResourceAsStream(resource)) {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      }
      out.add(new Candidate(target, name, true));
    }
    return out;
  }

  private static List<Candidate> installed(Path dir, Path into) throws IOException {
    List<Candidate> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.sorted(Comparator.comparing(Path::toString)).toList()) {
        String name = p.getFileName().toString();
        if (!Files.isRegularFile(p) || !isArchive(name)) {
          continue;
        }
        Path target = into.resolve(name);
        Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        out.add(new Candidate(target, name, false));
      }
    }
    return out;
  }

  private static boolean isArchive(String name) {
    return name.endsWith(".jar") || name.endsWith(".zip");
  }

  private HostedPlugin load(Candidate c) {
    PluginDescriptor d;
    Path path;
    try {
      refuseHostCopies(c.path());
      path = FileUtils.expandIfZip(c.path());
      d = manager.findDescriptor(path);
    } catch (Exception e) {
      return failed(new HostedPlugin(null, null, null, null, null, c.name(), c.bundled()), e);
    }
    HostedPlugin p =
        new HostedPlugin(
            d.getPluginId(),
            d.getVersion(),
            d.getProvider(),
            d.getPluginDescription(),
            d.getRequires(),
            c.name(),
            c.bundled());
    if (p.id == null || !ID.matcher(p.id).matches()) {
      p.fail(
          PluginState.FAILED,
          "Plugin-Id must be 1-64 lowercase letters, digits or dashes, not '" + p.id + "'");
      return logged(p);
    }
    HostedPlugin first = byId.get(p.id);
    if (first != null) {
      p.fail(
          PluginState.FAILED,
          "Duplicate Plugin-Id '" + p.id + "': already loaded from " + first.archive);
      return logged(p);
    }
    if (!manager.admits(p.requires)) {
      p.fail(
          PluginState.INCOMPATIBLE,
          "Plugin-Requires '"
              + p.requires
              + "' does not admit this server's plugin API "
              + PluginApi.VERSION);
      return logged(p);
    }
    if (config.disabledPlugins().contains(p.id)) {
      p.fail(PluginState.DISABLED, "Disabled by atelier.plugins.disabled");
      return logged(p);
    }
    try {
      Optional<String> core = PluginClassLoading.coreReference(path);
      if (core.isPresent()) {
        throw new IllegalStateException(
            "The plugin links "
                + core.get()
                + ", a class of the server's core: plugins may use the plugin API"
                + " (dev.atelier.plugin.api), the JDK, jakarta.*, MicroProfile, PF4J and"
                + " EclipseLink, and libraries of their own in lib/");
      }
      manager.loadPlugin(path);
      p.wrapper = manager.getPlugin(p.id);
      p.context = new HostPluginContext(p, this);
      byId.put(p.id, p);
    } catch (Exception e) {
      failed(p, e);
    }
    return p;
  }

  /** A plugin that bundles the plugin API, PF4J or core would break type identity. */
  private static void refuseHostCopies(Path archive) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        String n = e.getName();
        if (n.startsWith("dev/atelier/plugin/api/")
            || n.startsWith("dev/atelier/core/")
            || n.startsWith("org/pf4j/")
            || n.matches("(?:.*/)?lib/(?:atelier-plugin-api|atelier-core|pf4j)-.*\\.jar")) {
          throw new IllegalStateException(
              "The archive bundles "
                  + n
                  + ": the plugin API, PF4J and core are provided by the server");
        }
      }
    }
  }

  private void startPlugin(HostedPlugin p) {
    try {
      ClassLoader loader = p.wrapper.getPluginClassLoader();
      migrate(p, loader);
      List<String> entities = new ArrayList<>();
      // PF4J hands out extensions of started plugins only; the unit must exist before start()
      for (EntityProvider provider : manager.extensionsBeforeStart(EntityProvider.class, p.id)) {
        provider.entityClasses().forEach(c -> entities.add(c.getName()));
      }
      if (!entities.isEmpty()) {
        entities.add(InstantConverter.class.getName());
        p.entityManagerFactory =
            PersistenceUnits.forPlugin("plugin-" + p.id, database.dataSource(), entities, loader);
        p.entityManagerFactory.getMetamodel(); // deploys the unit now, so mapping errors show here
      }
      org.pf4j.PluginState state = manager.startPlugin(p.id);
      if (state != org.pf4j.PluginState.STARTED) {
        Throwable t = p.wrapper.getFailedException();
        throw t instanceof Exception e
            ? e
            : new IllegalStateException("The plugin did not start (" + state + ")", t);
      }
      p.routes = routes(p);
      p.listeners = List.copyOf(manager.getExtensions(EventListener.class, p.id));
      p.listeners.forEach(l -> outbox.register(consumer(p, l)));
      Map<String, WebhookReceiver> hooks = new LinkedHashMap<>();
      for (WebhookReceiver r : manager.getExtensions(WebhookReceiver.class, p.id)) {
        if (r.name() == null || !WEBHOOK_NAME.matcher(r.name()).matches()) {
          throw new IllegalStateException("Webhook name '" + r.name() + "' is not a valid name");
        }
        hooks.put(r.name(), r);
      }
      p.webhooks = Map.copyOf(hooks);
      p.state = PluginState.STARTED;
      p.routes.forEach(r -> routeOwners.put(r.getClass(), p));
      LOG.info(
          "Plugin "
              + p.id
              + " "
              + p.version
              + " started"
              + (p.bundled ? " (bundled)" : "")
              + ": "
              + p.routes.size()
              + " route resources, "
              + entities.size()
              + " persistent types");
    } catch (Exception | LinkageError e) {
      failed(p, e);
      try {
        manager.stopPlugin(p.id);
      } catch (RuntimeException ignored) {
        // it did not start
      }
      if (p.entityManagerFactory != null) {
        p.entityManagerFactory.close();
        p.entityManagerFactory = null;
      }
      p.routes = List.of();
      p.listeners = List.of();
      p.webhooks = Map.of();
    }
  }

  private void migrate(HostedPlugin p, ClassLoader loader) {
    String location = "db/plugin/" + p.id;
    if (loader.getResource(location) == null) {
      return;
    }
    // Flyway finds its own parts (database support) through the loader it is given, and the
    // plugin's loader hides the host's libraries: it gets the host's, with the plugin's scripts.
    Flyway.configure(
            PluginClassLoading.withResources(PluginHost.class.getClassLoader(), loader, location))
        .dataSource(database.dataSource())
        .locations("classpath:" + location)
        .table("flyway_history_" + p.id.replace('-', '_'))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  private List<Object> routes(HostedPlugin p) {
    List<Object> out = new ArrayList<>();
    for (RouteProvider provider : manager.getExtensions(RouteProvider.class, p.id)) {
      for (Object resource : provider.resources()) {
        jakarta.ws.rs.Path path = resource.getClass().getAnnotation(jakarta.ws.rs.Path.class);
        if (path == null) {
          throw new IllegalStateException(
              resource.getClass().getName() + " is not a JAX-RS resource (no @Path)");
        }
        String segment = firstSegment(path.value());
        if (segment == null) {
          throw new IllegalStateException(
              "Route " + path.value() + " must be under api/v1/ (e.g. api/v1/" + p.id + ")");
        }
        if (CORE_SEGMENTS.contains(segment)) {
          throw new IllegalStateException("Route " + path.value() + " takes a core path");
        }
        for (HostedPlugin other : byId.values()) {
          if (other != p
              && other.routes.stream()
                  .anyMatch(
                      r ->
                          segment.equals(
                              firstSegment(
                                  r.getClass().getAnnotation(jakarta.ws.rs.Path.class).value())))) {
            throw new IllegalStateException(
                "Route " + path.value() + " is taken by plugin " + other.id);
          }
        }
        out.add(resource);
      }
    }
    return List.copyOf(out);
  }

  /** The segment after {@code api/v1/} of a resource path, or null when not under it. */
  static String firstSegment(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    if (!p.startsWith("api/v1/")) {
      return null;
    }
    String rest = p.substring("api/v1/".length());
    int slash = rest.indexOf('/');
    String segment = slash < 0 ? rest : rest.substring(0, slash);
    return segment.isEmpty() || segment.contains("{") ? null : segment;
  }

  private HostedPlugin failed(HostedPlugin p, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(e.getMessage());
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    p.fail(PluginState.FAILED, message);
    LOG.log(
        Level.WARNING,
        "Plugin " + (p.id == null ? p.archive : p.id) + " FAILED: " + message,
        LOG.isLoggable(Level.FINE) ? e : null);
    return p;
  }

  private static HostedPlugin logged(HostedPlugin p) {
    LOG.warning("Plugin " + p.id + " (" + p.archive + ") " + p.state + ": " + p.error);
    return p;
  }

  // --- what the rest of the server asks

  /** Every plugin found at start-up, in load order, whatever its state. */
  public List<HostedPlugin> plugins() {
    return all;
  }

  /** The started plugin with this id. */
  public Optional<HostedPlugin> started(String id) {
    HostedPlugin p = byId.get(id);
    return p != null && p.started() ? Optional.of(p) : Optional.empty();
  }

  /** The route resources of the started plugins. */
  public List<Object> routeResources() {
    List<Object> out = new ArrayList<>();
    all.stream().filter(HostedPlugin::started).forEach(p -> out.addAll(p.routes));
    return out;
  }

  /** The plugin whose route resource class this is, or null for a core resource. */
  public HostedPlugin ownerOf(Class<?> resourceClass) {
    return resourceClass == null ? null : routeOwners.get(resourceClass);
  }

  /** An extension of a started plugin, with the plugin's id. */
  public record Provided<T>(String pluginId, T extension) {}

  /** The extensions of {@code type} of every started plugin. */
  public <T> List<Provided<T>> extensions(Class<T> type) {
    List<Provided<T>> out = new ArrayList<>();
    for (HostedPlugin p : all) {
      if (p.started()) {
        for (T e : manager.getExtensions(type, p.id)) {
          out.add(new Provided<>(p.id, e));
        }
      }
    }
    return out;
  }

  /**
   * Publishes a core event through the outbox: written with the unit of work in progress, delivered
   * after it commits, at least once, to the listeners of the plugins switched on for the tenant.
   */
  public void publish(String type, String tenantId, String subjectId, Map<String, String> attrs) {
    outbox.publish(type, tenantId, subjectId, attrs);
  }

  /** The outbox consumer of one plugin listener, named {@code plugin:<id>:<listener class>}. */
  private OutboxConsumer consumer(HostedPlugin p, EventListener listener) {
    String name = "plugin:" + p.id + ":" + listener.getClass().getName();
    return new OutboxConsumer() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean accepts(String type) {
        Set<String> types = listener.eventTypes();
        return types == null || types.isEmpty() || types.contains(type);
      }

      @Override
      public void deliver(DomainEvent event) {
        if (!p.started()) {
          throw new IllegalStateException("Plugin " + p.id + " is stopping"); // later, elsewhere
        }
        if (event.tenantId() != null && !features.enabled(event.tenantId(), p.id)) {
          return; // switched off for the tenant: nothing to do
        }
        HostPluginSession session = new HostPluginSession(p.context, event.tenantId(), null);
        PluginSessions.with(
            session,
            () -> {
              listener.onEvent(session, event);
              return null;
            });
      }
    };
  }

  /** The read-only view of {@code tenantId}'s projects and members that plugins get. */
  public Workspace workspace(String tenantId) {
    return new WorkspaceView(transactions, tenantId);
  }

  /** The encrypted secrets of plugin {@code pluginId} in {@code tenantId} (for core services). */
  public SecretStore secrets(String pluginId, String tenantId) {
    return new PluginSecrets(this, pluginId, tenantId);
  }

  /**
   * Runs {@code work} in a session of started plugin {@code pluginId} bound to {@code tenantId}
   * with no caller: how core calls into a plugin's providers and tools on a tenant's behalf. Throws
   * 403 {@code feature_disabled} when the tenant has the plugin switched off.
   */
  public <T> T inSession(String pluginId, String tenantId, Function<PluginSession, T> work) {
    HostedPlugin p = started(pluginId).orElseThrow(() -> ProblemException.notFound("The plugin"));
    if (!features.enabled(tenantId, pluginId)) {
      throw PluginRouteFilter.featureDisabled(pluginId);
    }
    HostPluginSession session = new HostPluginSession(p.context, tenantId, null);
    return PluginSessions.with(session, () -> work.apply(session));
  }

  Transactions transactions() {
    return transactions;
  }

  Features features() {
    return features;
  }

  MasterKey masterKey() {
    return masterKey;
  }

  OutboundGuard outbound() {
    return outbound;
  }

  ManagedScheduledExecutorService scheduledExecutor() {
    return scheduledExecutor;
  }

  @PreDestroy
  synchronized void stop() {
    if (manager == null) {
      return;
    }
    try {
      manager.stopPlugins();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Stopping plugins", e);
    }
    byId.values().stream()
        .filter(p -> p.entityManagerFactory != null)
        .forEach(p -> p.entityManagerFactory.close());
  }
}
