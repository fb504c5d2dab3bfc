package dev.atelier.core.plugins;

import dev.atelier.core.persistence.Database;
import dev.atelier.core.persistence.PersistenceUnits;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.plugins.PluginArchives.Candidate;
import dev.atelier.plugin.api.Incubating;
import dev.atelier.plugin.api.PluginApi;
import dev.atelier.plugin.api.data.EntityProvider;
import dev.atelier.plugin.api.data.InstantConverter;
import dev.atelier.plugin.api.event.EventListener;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.RouteProvider;
import dev.atelier.plugin.api.webhook.WebhookReceiver;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.pf4j.PluginDescriptor;
import org.pf4j.util.FileUtils;

/**
 * Loads, starts and stops the plugins, and knows each one's state. {@link #start} runs once at
 * start-up, before the server serves: bundled plugins first, then the archives of the plugins
 * directory ({@link PluginArchives}), one at a time through PF4J ({@link HostPluginManager}). A
 * plugin that is incompatible, duplicate, broken or fails while starting (its migrations, its
 * persistence unit, its constructor or {@code start()}, its routes) is recorded with its state and
 * error and left out; the others and the server go on.
 */
@ApplicationScoped
public class PluginLifecycle {

  private static final Logger LOG = Logger.getLogger(PluginLifecycle.class.getName());
  private static final Pattern ID = Check.SLUG; // a plugin id is a slug
  private static final Pattern WEBHOOK_NAME = ID;

  @Inject AtelierConfig config;
  @Inject Database database;
  @Inject PluginServices services;

  private final Map<String, HostedPlugin> byId = new ConcurrentHashMap<>();
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
      candidates.addAll(PluginArchives.bundled(servletContext, work.resolve("bundled")));
      candidates.addAll(PluginArchives.installed(config.pluginsDir(), work.resolve("installed")));
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

  /** Every plugin found at start-up, in load order, whatever its state. */
  public List<HostedPlugin> plugins() {
    return all;
  }

  /** The started plugin with this id. */
  public Optional<HostedPlugin> started(String id) {
    HostedPlugin p = id == null ? null : byId.get(id);
    return p != null && p.started() ? Optional.of(p) : Optional.empty();
  }

  /** The incubating extension points ({@link Incubating}) that plugin {@code p} implements. */
  private SortedSet<String> incubatingPoints(HostedPlugin p) {
    SortedSet<String> out = new TreeSet<>();
    ClassLoader loader = p.wrapper.getPluginClassLoader();
    for (String name : manager.getExtensionClassNames(p.id)) {
      try {
        out.addAll(incubatingPoints(Class.forName(name, false, loader)));
      } catch (ClassNotFoundException | LinkageError e) {
        // an extension that cannot load is reported by PF4J when it is asked for
      }
    }
    return out;
  }

  /** The interfaces marked {@link Incubating} that {@code type} implements, directly or not. */
  static SortedSet<String> incubatingPoints(Class<?> type) {
    SortedSet<String> out = new TreeSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (i.isAnnotationPresent(Incubating.class)) {
          out.add(i.getName());
        }
        out.addAll(incubatingPoints(i));
      }
    }
    return out;
  }

  /** The extensions of {@code type} of started plugin {@code pluginId}. */
  <T> List<T> extensionsOf(Class<T> type, String pluginId) {
    return manager.getExtensions(type, pluginId);
  }

  private HostedPlugin load(Candidate c) {
    PluginDescriptor d;
    Path path;
    try {
      PluginArchives.refuseHostCopies(c.path());
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
      p.context = new HostPluginContext(p, services);
      byId.put(p.id, p);
    } catch (Exception e) {
      failed(p, e);
    }
    return p;
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
      p.routes =
          PluginRoutes.collect(p, manager.getExtensions(RouteProvider.class, p.id), byId.values());
      p.listeners = List.copyOf(manager.getExtensions(EventListener.class, p.id));
      p.listeners.forEach(
          l -> services.outbox().register(new ListenerConsumer(p, l, services.features())));
      Map<String, WebhookReceiver> hooks = new LinkedHashMap<>();
      for (WebhookReceiver r : manager.getExtensions(WebhookReceiver.class, p.id)) {
        if (r.name() == null || !WEBHOOK_NAME.matcher(r.name()).matches()) {
          throw new IllegalStateException("Webhook name '" + r.name() + "' is not a valid name");
        }
        hooks.put(r.name(), r);
      }
      p.webhooks = Map.copyOf(hooks);
      p.state = PluginState.STARTED;
      for (String point : incubatingPoints(p)) {
        LOG.warning(
            "Plugin "
                + p.id
                + " implements the incubating extension point "
                + point
                + ": it may change in any minor release of the plugin API");
      }
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
            PluginClassLoading.withResources(
                PluginLifecycle.class.getClassLoader(), loader, location))
        .dataSource(database.dataSource())
        .locations("classpath:" + location)
        .table("flyway_history_" + p.id.replace('-', '_'))
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
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
