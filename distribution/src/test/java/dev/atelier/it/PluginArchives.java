package dev.atelier.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars during the tests, the way a third party would: compiles the sources under
 * {@code src/test/resources/plugins-src/<name>} with javac against the plugin API jar, PF4J and the
 * Jakarta/MicroProfile APIs only (never core; system property {@code
 * atelier.test.plugin-classpath}), lets PF4J's annotation processor index the extensions, and jars
 * the classes with a manifest. A source set {@code <name>-stubs} beside it holds stand-ins of
 * server classes that plugin means to link: compiled against, left out of the jar.
 */
final class PluginArchives {

  private PluginArchives() {}

  /**
   * Compiles source set {@code sources} (null for none) into a jar {@code into/fileName} whose
   * manifest carries {@code manifest}.
   */
  static Path build(String sources, Map<String, String> manifest, Path into, String fileName)
      throws IOException {
    Path classes = Files.createTempDirectory(into, "classes-");
    if (sources != null) {
      String classpath = System.getProperty("atelier.test.plugin-classpath");
      if (PluginArchives.class.getResource("/plugins-src/" + sources + "-stubs") != null) {
        // stand-ins for server classes a plugin should not link: compiled against, never jarred
        Path stubs = Files.createTempDirectory(into, "stubs-");
        compile(sourceRoot(sources + "-stubs"), stubs, classpath);
        classpath += java.io.File.pathSeparator + stubs;
      }
      compile(sourceRoot(sources), classes, classpath);
    }
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
    Path jar = into.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, mf);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        zip.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }

  /** The manifest of a plugin. */
  static Map<String, String> manifest(String id, String requires, String pluginClass) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("Plugin-Id", id);
    m.put("Plugin-Version", "1.2.3");
    m.put("Plugin-Provider", "Test Provider");
    m.put("Plugin-Description", "Test plugin " + id);
    m.put("Plugin-Requires", requires);
    if (pluginClass != null) {
      m.put("Plugin-Class", pluginClass);
    }
    return m;
  }

  private static Path sourceRoot(String name) {
    URL url = PluginArchives.class.getResource("/plugins-src/" + name);
    if (url == null) {
      throw new IllegalArgumentException("No test plugin sources " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void compile(Path sourceRoot, Path classes, String classpath) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>();
    args.add("--release");
    args.add("21");
    // JDK 23 and later run only the annotation processors they are told to
    args.add("-processor");
    args.add("org.pf4j.processor.ExtensionAnnotationProcessor");
    args.add("-classpath");
    args.add(classpath);
    args.add("-d");
    args.add(classes.toString());
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    int status = javac.run(null, null, null, args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("javac failed on " + sourceRoot + " (" + status + ")");
    }
  }
}
