package dev.atelier.core.plugins;

import dev.atelier.plugin.api.AtelierPlugin;
import dev.atelier.plugin.api.PluginApi;
import dev.atelier.plugin.api.PluginContext;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.JarPluginLoader;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * PF4J's plugin manager as the host uses it: deployment mode, the plugin API version as the system
 * version that {@code Plugin-Requires} ranges are checked against, plugin class loaders whose
 * parent shows only what plugins share with the host ({@link PluginClassLoading}), plugin main
 * classes and extensions created with the plugin's {@link PluginContext} (one instance of each
 * extension).
 */
final class HostPluginManager extends DefaultPluginManager {

  private final Function<String, PluginContext> contexts;
  private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
  private static final ClassLoader HOST = HostPluginManager.class.getClassLoader();
  private final ClassLoader sharedParent = PluginClassLoading.sharedParent(HOST);

  HostPluginManager(Path root, Function<String, PluginContext> contexts) {
    super(root);
    this.contexts = contexts;
    setSystemVersion(PluginApi.VERSION);
  }

  @Override
  public RuntimeMode getRuntimeMode() {
    return RuntimeMode.DEPLOYMENT;
  }

  /** Jars and expanded zips, each on a class loader under the shared parent. */
  @Override
  protected PluginLoader createPluginLoader() {
    return new CompoundPluginLoader()
        .add(
            new JarPluginLoader(this) {
              @Override
              public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
                PluginClassLoader loader = newLoader(descriptor);
                loader.addFile(pluginPath.toFile());
                return loader;
              }
            })
        .add(
            new DefaultPluginLoader(this) {
              @Override
              protected PluginClassLoader createPluginClassLoader(
                  Path pluginPath, PluginDescriptor descriptor) {
                return newLoader(descriptor);
              }
            });
  }

  /** The plugin first, then the plugins it depends on, then what the host shares. */
  private PluginClassLoader newLoader(PluginDescriptor descriptor) {
    return new PluginClassLoader(this, descriptor, sharedParent, ClassLoadingStrategy.PDA) {
      @Override
      public Class<?> loadClass(String className) throws ClassNotFoundException {
        try {
          return super.loadClass(className);
        } catch (ClassNotFoundException e) {
          throw PluginClassLoading.explained(className, HOST, e);
        }
      }
    };
  }

  /** Reads the descriptor (manifest or plugin.properties) of a plugin jar or folder. */
  PluginDescriptor findDescriptor(Path path) {
    return getPluginDescriptorFinder().find(path);
  }

  /**
   * The extensions of {@code type} of a plugin that is loaded but not started yet (PF4J's own
   * lookup answers only for started plugins), created by the host's extension factory.
   */
  <T> List<T> extensionsBeforeStart(Class<T> type, String pluginId) throws ClassNotFoundException {
    ClassLoader loader = getPluginClassLoader(pluginId);
    List<T> out = new ArrayList<>();
    for (String name : getExtensionClassNames(pluginId)) {
      Class<?> c = loader.loadClass(name);
      if (type.isAssignableFrom(c)) {
        out.add(type.cast(getExtensionFactory().create(c)));
      }
    }
    return out;
  }

  /** Whether {@code requires} admits this plugin API version. */
  boolean admits(String requires) {
    return requires == null
        || requires.isBlank()
        || "*".equals(requires.trim())
        || getVersionManager().checkVersionConstraint(PluginApi.VERSION, requires);
  }

  @Override
  protected PluginFactory createPluginFactory() {
    return this::createPlugin;
  }

  private Plugin createPlugin(PluginWrapper wrapper) {
    String className = wrapper.getDescriptor().getPluginClass();
    if (className == null || className.isBlank() || Plugin.class.getName().equals(className)) {
      return new Plugin();
    }
    try {
      Class<?> type = wrapper.getPluginClassLoader().loadClass(className);
      if (!Plugin.class.isAssignableFrom(type)) {
        throw new PluginRuntimeException(
            "Plugin-Class " + className + " does not extend " + AtelierPlugin.class.getName());
      }
      Plugin plugin = (Plugin) type.getDeclaredConstructor().newInstance();
      if (plugin instanceof AtelierPlugin ap) {
        ap.init(contexts.apply(wrapper.getPluginId()));
      }
      return plugin;
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new PluginRuntimeException(e, "Cannot create Plugin-Class {}", className);
    }
  }

  @Override
  protected ExtensionFactory createExtensionFactory() {
    return new ExtensionFactory() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> T create(Class<T> type) {
        return (T) extensions.computeIfAbsent(type, t -> instantiate(t));
      }
    };
  }

  private Object instantiate(Class<?> type) {
    PluginWrapper owner = whichPlugin(type);
    try {
      if (owner != null) {
        for (Constructor<?> c : type.getConstructors()) {
          if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == PluginContext.class) {
            return c.newInstance(contexts.apply(owner.getPluginId()));
          }
        }
      }
      return type.getDeclaredConstructor().newInstance();
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw new PluginRuntimeException(
          e.getCause(), "Extension {} failed in its constructor", type.getName());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new PluginRuntimeException(
          e,
          "Extension {} needs a public constructor taking PluginContext or none",
          type.getName());
    }
  }
}
