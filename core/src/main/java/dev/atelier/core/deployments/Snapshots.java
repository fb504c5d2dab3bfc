package dev.atelier.core.deployments;

import dev.atelier.core.files.ProjectFiles;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.plugin.api.deploy.DeploymentFile;
import dev.atelier.plugin.api.deploy.DeploymentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Frozen copies of the folders deployments send, under {@code <data>/deployments/<tenant>/<id>}:
 * taken when the deployment is queued (under the files' lock), so later edits of the project do not
 * change what is deployed, and kept until the deployment ends.
 */
@ApplicationScoped
public class Snapshots {

  @Inject AtelierConfig config;
  @Inject ProjectFiles files;

  private Path dir(String tenantId, String deploymentId) {
    return config.dataDir().resolve("deployments").resolve(tenantId).resolve(deploymentId);
  }

  /** The folder {@code outputDir} of the project's files (null: all), or null when missing. */
  Path source(String tenantId, String projectId, String outputDir) {
    Path root = files.root(tenantId, projectId).toAbsolutePath().normalize();
    Path src = outputDir == null ? root : root.resolve(outputDir).normalize();
    if (!src.startsWith(root) || !Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    return src;
  }

  /** Copies the folder into the deployment's snapshot; how many files it holds. */
  int freeze(String tenantId, String projectId, Path src, String deploymentId) {
    Path target = dir(tenantId, deploymentId);
    return files.exclusive(
        tenantId,
        projectId,
        () -> {
          int[] count = {0};
          try {
            Files.createDirectories(target);
            Files.walkFileTree(
                src,
                new SimpleFileVisitor<>() {
                  @Override
                  public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                      throws IOException {
                    if (!d.equals(src) && d.getFileName().toString().equals(".git")) {
                      return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.createDirectories(target.resolve(src.relativize(d).toString()));
                    return FileVisitResult.CONTINUE;
                  }

                  @Override
                  public FileVisitResult visitFile(Path f, BasicFileAttributes attrs)
                      throws IOException {
                    if (attrs.isRegularFile() && !f.getFileName().toString().equals(".git")) {
                      Files.copy(
                          f,
                          target.resolve(src.relativize(f).toString()),
                          StandardCopyOption.REPLACE_EXISTING);
                      count[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                  }
                });
          } catch (IOException e) {
            delete(tenantId, deploymentId);
            throw new UncheckedIOException(e);
          }
          return count[0];
        });
  }

  /** Whether the deployment's snapshot is still there. */
  boolean exists(String tenantId, String deploymentId) {
    return Files.isDirectory(dir(tenantId, deploymentId));
  }

  /** The deployment's snapshot with every file's SHA-1. */
  DeploymentSnapshot open(String tenantId, String deploymentId) throws IOException {
    Path root = dir(tenantId, deploymentId);
    List<DeploymentFile> list = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        list.add(new DeploymentFile(rel, sha1(f), Files.size(f)));
      }
    }
    list.sort(Comparator.comparing(DeploymentFile::path));
    List<DeploymentFile> frozen = List.copyOf(list);
    return new DeploymentSnapshot() {
      @Override
      public List<DeploymentFile> files() {
        return frozen;
      }

      @Override
      public byte[] read(String path) throws IOException {
        Path f = root.resolve(path).normalize();
        if (!f.startsWith(root)) {
          throw new IOException("Not a file of the snapshot: " + path);
        }
        return Files.readAllBytes(f);
      }
    };
  }

  private static String sha1(Path f) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Removes the deployment's snapshot (quietly when absent). */
  void delete(String tenantId, String deploymentId) {
    Path d = dir(tenantId, deploymentId);
    if (!Files.exists(d)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(d)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
