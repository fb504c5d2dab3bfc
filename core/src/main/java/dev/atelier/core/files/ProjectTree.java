package dev.atelier.core.files;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One project's folder on disk. It resolves normalized paths ({@link FilePaths}) into the folder
 * and refuses any whose existing part leads outside it through a symbolic link (the real path is
 * checked, so a link is never followed out), and it measures, lists and removes what the folder
 * holds without following links.
 */
final class ProjectTree {

  private static final Pattern ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** How many entries a project holds and how many bytes its files take. */
  record Usage(long entries, long bytes) {}

  private final Path root;

  ProjectTree(Path filesDir, String tenantId, String projectId) {
    if (tenantId == null
        || projectId == null
        || !ID.matcher(tenantId).matches()
        || !ID.matcher(projectId).matches()) {
      throw new IllegalArgumentException("Not a tenant and project id");
    }
    this.root = filesDir.toAbsolutePath().normalize().resolve(tenantId).resolve(projectId);
  }

  Path root() {
    return root;
  }

  /**
   * The location of normalized {@code path} ({@code ""} for the root). Throws 422 {@code
   * invalid_path} naming {@code field} when the deepest part of it that exists is, or goes through,
   * a symbolic link that leads outside the project or nowhere.
   */
  Path resolve(String field, String path) {
    Path p;
    try {
      p = path.isEmpty() ? root : root.resolve(path).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      // a name this file system cannot hold (FilePaths refuses the ones every system refuses)
      throw FileProblems.invalidPath(field, "is not a name this server's file system can hold");
    }
    if (!p.startsWith(root)) {
      throw FileProblems.invalidPath(field, "must not lead outside the project");
    }
    Path existing = p;
    while (!existing.equals(root) && !Files.exists(existing, NOFOLLOW)) {
      existing = existing.getParent();
    }
    if (!Files.exists(existing, NOFOLLOW)) {
      return p; // not even the root exists yet: nothing there can be a link
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw FileProblems.invalidPath(field, "leads through a symbolic link that points nowhere");
    }
    if (!real.startsWith(realRoot())) {
      throw FileProblems.invalidPath(field, "leads outside the project through a symbolic link");
    }
    return p;
  }

  private Path realRoot() {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root;
    }
  }

  /** The normalized path of {@code p}, a location inside the root. */
  String relative(Path p) {
    return root.relativize(p).toString().replace(File.separatorChar, '/');
  }

  /** A new name for a temporary file, in the root, so that it moves atomically into place. */
  Path tempFile() {
    return root.resolve(FilePaths.TEMP_PREFIX + UUID.randomUUID());
  }

  static boolean isTemp(Path p) {
    return p.getFileName() != null && p.getFileName().toString().startsWith(FilePaths.TEMP_PREFIX);
  }

  /** The entry of {@code p} (following a link there, which {@link #resolve} checked). */
  FileEntry entry(Path p) throws IOException {
    return entry(p, Files.readAttributes(p, BasicFileAttributes.class));
  }

  FileEntry entry(Path p, BasicFileAttributes a) {
    boolean directory = a.isDirectory();
    return new FileEntry(
        relative(p),
        p.getFileName().toString(),
        directory ? FileEntry.DIRECTORY : FileEntry.FILE,
        directory ? null : a.size(),
        a.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** The entry of symbolic link {@code link} as its target, or null when it leads outside. */
  FileEntry linkEntry(Path link) {
    try {
      if (!link.toRealPath().startsWith(realRoot())) {
        return null;
      }
      return entry(link);
    } catch (IOException e) {
      return null;
    }
  }

  /** What the project holds; temporary files do not count. */
  Usage usage() throws IOException {
    if (!Files.isDirectory(root, NOFOLLOW)) {
      return new Usage(0, 0);
    }
    long[] counts = new long[2];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root)) {
              counts[0]++;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!isTemp(file)) {
              counts[0]++;
              counts[1] += attrs.isRegularFile() ? attrs.size() : 0;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return new Usage(counts[0], counts[1]);
  }

  /**
   * How many folders are missing on the way from the root down to {@code dir}, included; throws 409
   * {@code not_a_directory} when a file stands where one of them should be.
   */
  int missingFolders(Path dir) {
    int missing = 0;
    Path p = dir;
    while (!p.equals(root) && !Files.exists(p, NOFOLLOW)) {
      missing++;
      p = p.getParent();
    }
    if (Files.exists(p) && !Files.isDirectory(p)) {
      throw FileProblems.notADirectory(relative(p));
    }
    return missing;
  }

  static boolean isEmptyFolder(Path dir) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.findAny().isEmpty();
    }
  }

  /** Deletes {@code p} and everything under it; links are removed, never followed. */
  static void deleteTree(Path p) throws IOException {
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
