package dev.atelier.core.plugins;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a plugin's classes can see of the server, the same on every application server.
 *
 * <p>A plugin class loader looks in the plugin (its jar, or its {@code classes/} and {@code lib/}
 * when it is a zip) and then in the parent made here, which answers only for:
 *
 * <ul>
 *   <li>the Java platform ({@code java.*}, {@code javax.*}, {@code jdk.*}… of the JDK);
 *   <li>{@code jakarta.*} and {@code org.eclipse.microprofile.*}, the APIs of the server;
 *   <li>PF4J ({@code org.pf4j.*}) and the plugin API ({@code dev.atelier.plugin.api.*});
 *   <li>the shared libraries: EclipseLink ({@code org.eclipse.persistence.*}, for a plugin's
 *       entities).
 * </ul>
 *
 * Everything else of the host (core's own classes, and the libraries in the WAR such as Jackson,
 * nimbus-jose-jwt, HikariCP or H2) is hidden: a plugin brings its own copy in {@code lib/} or does
 * without. A plugin whose own classes link a core class is refused before it loads ({@link
 * #coreReference}), with the class named in its error.
 */
final class PluginClassLoading {

  /** Packages of the host that plugins share, beyond the JDK's. */
  static final List<String> SHARED_PACKAGES =
      List.of(
          "jakarta.",
          "org.eclipse.microprofile.",
          "org.pf4j.",
          "dev.atelier.plugin.api.",
          "org.eclipse.persistence.");

  /** Classes of these packages are the host's own, never a plugin's to link. */
  private static final String CORE = "dev/atelier/core/";

  private PluginClassLoading() {}

  /** The parent of every plugin class loader: the JDK and the shared part of {@code host}. */
  static ClassLoader sharedParent(ClassLoader host) {
    return new SharedParent(host);
  }

  /** Whether a class or package name is one that plugins share with the host. */
  static boolean shared(String name) {
    for (String prefix : SHARED_PACKAGES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code e}, or when {@code className} is a class of the host that plugins do not see, a {@link
   * ClassNotFoundException} that says so: what a plugin author needs to read in the error of a
   * plugin that forgot to bundle a library the server happens to have.
   */
  static ClassNotFoundException explained(
      String className, ClassLoader host, ClassNotFoundException e) {
    if (shared(className) || host.getResource(className.replace('.', '/') + ".class") == null) {
      return e;
    }
    return new ClassNotFoundException(
        className
            + " is not visible to plugins: they see the JDK, jakarta.*, MicroProfile, PF4J, the"
            + " plugin API and EclipseLink; bundle other libraries in the plugin's lib/"
            + " (docs/writing-plugins.md)");
  }

  private static final class SharedParent extends ClassLoader {

    private final ClassLoader host;

    SharedParent(ClassLoader host) {
      super("atelier-plugin-parent", ClassLoader.getPlatformClassLoader());
      this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      try {
        return super.loadClass(name, resolve); // the platform: java.*, javax.sql, jdk.* …
      } catch (ClassNotFoundException notPlatform) {
        if (shared(name)) {
          return host.loadClass(name);
        }
        throw notPlatform;
      }
    }

    @Override
    public URL getResource(String name) {
      URL platform = super.getResource(name);
      if (platform != null) {
        return platform;
      }
      return sharedResource(name) ? host.getResource(name) : null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return sharedResource(name) ? host.getResources(name) : super.getResources(name);
    }

    /** Class files and service descriptors of the shared packages. */
    private static boolean sharedResource(String name) {
      String path = name.startsWith("/") ? name.substring(1) : name;
      if (path.startsWith("META-INF/services/")) {
        return shared(path.substring("META-INF/services/".length()));
      }
      return shared(path.replace('/', '.'));
    }
  }

  /**
   * A loader of {@code host}'s classes and resources that also finds the resources under {@code
   * folder} in {@code plugin}: how a host library (Flyway) that needs its own classes reads a
   * plugin's files.
   */
  static ClassLoader withResources(ClassLoader host, ClassLoader plugin, String folder) {
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    return new ClassLoader("atelier-plugin-resources", host) {
      @Override
      protected URL findResource(String name) {
        return owned(name) ? plugin.getResource(name) : null;
      }

      @Override
      protected Enumeration<URL> findResources(String name) throws IOException {
        return owned(name) ? plugin.getResources(name) : Collections.emptyEnumeration();
      }

      private boolean owned(String name) {
        return name.equals(folder) || name.startsWith(prefix);
      }
    };
  }

  /**
   * The first core class that the plugin's own classes link ({@code dev.atelier.core.*}), found in
   * the class files' constant pools; empty when there is none. {@code plugin} is the plugin's jar,
   * or the folder of an expanded zip (its {@code classes/}; libraries in {@code lib/} are not the
   * plugin's own code).
   */
  static Optional<String> coreReference(Path plugin) throws IOException {
    if (Files.isDirectory(plugin)) {
      Path classes = plugin.resolve("classes");
      if (!Files.isDirectory(classes)) {
        return Optional.empty();
      }
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          try (InputStream in = Files.newInputStream(f)) {
            Optional<String> found = firstUtf8(in, s -> s.contains(CORE));
            if (found.isPresent()) {
              return found.map(PluginClassLoading::className);
            }
          }
        }
      }
      return Optional.empty();
    }
    try (ZipFile zip = new ZipFile(plugin.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (!e.getName().endsWith(".class")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          Optional<String> found = firstUtf8(in, s -> s.contains(CORE));
          if (found.isPresent()) {
            return found.map(PluginClassLoading::className);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code dev.atelier.core.x.Y} out of a constant such as {@code (Ldev/atelier/core/x/Y;)V}. */
  private static String className(String constant) {
    int start = constant.indexOf(CORE);
    int end = start;
    while (end < constant.length() && ";<>()[".indexOf(constant.charAt(end)) < 0) {
      end++;
    }
    return constant.substring(start, end).replace('/', '.');
  }

  /**
   * The first UTF-8 constant of a class file's constant pool that {@code test} accepts: class
   * names, descriptors and signatures are all such constants.
   */
  static Optional<String> firstUtf8(InputStream classFile, Predicate<String> test)
      throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      return Optional.empty();
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> {
          String value = in.readUTF();
          if (test.test(value)) {
            return Optional.of(value);
          }
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // longs and doubles take two entries
        }
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        default -> throw new IOException("Unknown constant pool tag " + tag);
      }
    }
    return Optional.empty();
  }
}
