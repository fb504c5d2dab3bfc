package dev.atelier.core.plugins;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The plugin archives to load: the bundled ones (the WAR's {@code WEB-INF/plugins/}), then those of
 * the plugins directory, each copied into the work folder first, so the operator's folder is never
 * written (PF4J unpacks zips next to them).
 */
final class PluginArchives {

  /** An archive to load, copied to {@code path}, named {@code name} as it was found. */
  record Candidate(Path path, String name, boolean bundled) {}

  private PluginArchives() {}

  /** The bundled archives copied into {@code into}, in name order; none without a context. */
  static List<Candidate> bundled(ServletContext sc, Path into) throws IOException {
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

  /** The archives of the plugins directory {@code dir} copied into {@code into}, in name order. */
  static List<Candidate> installed(Path dir, Path into) throws IOException {
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

  /** Refuses an archive that bundles the plugin API, PF4J or core: they break type identity. */
  static void refuseHostCopies(Path archive) throws IOException {
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
}
