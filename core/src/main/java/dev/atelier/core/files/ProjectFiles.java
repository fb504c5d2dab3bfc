package dev.atelier.core.files;

import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.projects.ProjectDeletion;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The files of projects: list, read, write, delete, rename and create folders, for the HTTP API and
 * agents' tools alike. Callers pass a project id they have checked belongs to the tenant. Every
 * path goes through {@link FilePaths} and {@link ProjectTree}; writes go to a temporary file in the
 * project's folder and are then moved into place atomically; the changes of one project are
 * serialized on this node, so limits and {@code If-Match} conditions hold between API writers.
 */
@ApplicationScoped
public class ProjectFiles {

  private static final Logger LOG = Logger.getLogger(ProjectFiles.class.getName());
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /**
   * The limits on a project's files.
   *
   * @param maxFileBytes the largest file
   * @param maxEntries the most files and folders in one project
   * @param maxProjectBytes the most bytes of files in one project
   */
  public record Limits(long maxFileBytes, int maxEntries, long maxProjectBytes) {}

  @Inject AtelierConfig config;

  private Path filesDir;
  private Limits limits;
  private final ConcurrentHashMap<Path, Object> locks = new ConcurrentHashMap<>();

  public ProjectFiles() {}

  /** Files under {@code filesDir} with {@code limits}, without a container (for tests). */
  public ProjectFiles(Path filesDir, Limits limits) {
    this.filesDir = filesDir;
    this.limits = limits;
  }

  @PostConstruct
  void configure() {
    if (filesDir == null) {
      filesDir = config.filesDir();
      limits =
          new Limits(
              config.filesMaxFileBytes(), config.filesMaxEntries(), config.filesMaxProjectBytes());
    }
  }

  public Limits limits() {
    return limits;
  }

  private ProjectTree tree(String tenantId, String projectId) {
    return new ProjectTree(filesDir, tenantId, projectId);
  }

  private Object lock(ProjectTree tree) {
    return locks.computeIfAbsent(tree.root(), k -> new Object());
  }

  /**
   * The entries of folder {@code path} (the root when empty), by path; with {@code recursive},
   * everything under it. Symbolic links that lead outside the project are left out.
   */
  public List<FileEntry> list(String tenantId, String projectId, String path, boolean recursive) {
    String rel = FilePaths.normalize("path", path);
    ProjectTree tree = tree(tenantId, projectId);
    Path dir = tree.resolve("path", rel);
    if (!Files.exists(dir)) {
      if (rel.isEmpty()) {
        return List.of();
      }
      throw FileProblems.notFound(rel);
    }
    if (!Files.isDirectory(dir)) {
      throw FileProblems.notADirectory(rel);
    }
    List<FileEntry> out = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          EnumSet.noneOf(FileVisitOption.class),
          recursive ? Integer.MAX_VALUE : 1,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (!d.equals(dir)) {
                out.add(tree.entry(d, attrs));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (f.equals(dir) || ProjectTree.isTemp(f)) {
                return FileVisitResult.CONTINUE;
              }
              FileEntry e = attrs.isSymbolicLink() ? tree.linkEntry(f) : tree.entry(f, attrs);
              if (e != null) {
                out.add(e);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(FileEntry::path));
    return out;
  }

  /** One page of {@link #list(String, String, String, boolean) the entries} of a folder. */
  public Page<FileEntry> list(
      String tenantId, String projectId, String path, boolean recursive, PageRequest page) {
    List<FileEntry> all = list(tenantId, projectId, path, recursive);
    int from = Math.min(page.offset(), all.size());
    int to = Math.min(from + page.limit(), all.size());
    return page.page(all.subList(from, to), all.size());
  }

  /** The file at {@code path}, whole; files above the size limit are refused. */
  public FileData read(String tenantId, String projectId, String path) {
    String rel = FilePaths.required("path", path);
    ProjectTree tree = tree(tenantId, projectId);
    Path p = tree.resolve("path", rel);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      if (a.isDirectory()) {
        throw FileProblems.isADirectory(rel);
      }
      if (a.size() > limits.maxFileBytes()) {
        throw FileProblems.tooLargeToRead(rel, limits.maxFileBytes());
      }
      byte[] content = Files.readAllBytes(p);
      return new FileData(tree.entry(p, a), content, ETags.of(content));
    } catch (NoSuchFileException e) {
      throw FileProblems.notFound(rel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates or replaces the file at {@code path} with {@code content}, creating its folders. When
   * {@code ifMatch} (or {@code ifNoneMatch}) is given, the file's current tag must (must not) match
   * it, else 412. Refuses a file above the size limit (413) and a change that would take the
   * project over its limits (409).
   */
  public Written write(
      String tenantId,
      String projectId,
      String path,
      InputStream content,
      String ifMatch,
      String ifNoneMatch) {
    String rel = FilePaths.required("path", path);
    ProjectTree tree = tree(tenantId, projectId);
    Path target = tree.resolve("path", rel);
    Path temp = null;
    try {
      Files.createDirectories(tree.root());
      temp = tree.tempFile();
      MessageDigest digest = ETags.digest();
      long size = copy(content, temp, digest);
      String etag = ETags.of(digest);
      synchronized (lock(tree)) {
        boolean exists = Files.exists(target, NOFOLLOW);
        if (exists && Files.isDirectory(target, NOFOLLOW)) {
          throw FileProblems.isADirectory(rel);
        }
        if (ifMatch != null || ifNoneMatch != null) {
          String current = exists ? ETags.of(target) : null;
          if ((ifMatch != null && !ETags.matches(ifMatch, current))
              || (ifNoneMatch != null && ETags.matches(ifNoneMatch, current))) {
            throw FileProblems.preconditionFailed(rel);
          }
        }
        int folders = tree.missingFolders(target.getParent());
        long before =
            exists ? Files.readAttributes(target, BasicFileAttributes.class, NOFOLLOW).size() : 0;
        checkQuota(tree, folders + (exists ? 0 : 1), size - before);
        Files.createDirectories(target.getParent());
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return new Written(tree.entry(target), etag, !exists);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "Could not remove " + temp, e);
        }
      }
    }
  }

  /** Copies at most the file size limit of {@code in} into new file {@code to}, durably. */
  private long copy(InputStream in, Path to, MessageDigest digest) throws IOException {
    long max = limits.maxFileBytes();
    long total = 0;
    try (FileChannel channel =
        FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(channel);
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (total > max) {
          throw FileProblems.tooLarge(max);
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      channel.force(true);
    }
    return total;
  }

  /** Refuses {@code entries} more entries and {@code bytes} more bytes beyond the limits. */
  private void checkQuota(ProjectTree tree, long entries, long bytes) throws IOException {
    if (entries <= 0 && bytes <= 0) {
      return;
    }
    ProjectTree.Usage usage = tree.usage();
    if (entries > 0 && usage.entries() + entries > limits.maxEntries()) {
      throw FileProblems.quotaExceeded(
          "The project would hold more than " + limits.maxEntries() + " files and folders.");
    }
    if (bytes > 0 && usage.bytes() + bytes > limits.maxProjectBytes()) {
      throw FileProblems.quotaExceeded(
          "The project's files would take more than " + limits.maxProjectBytes() + " bytes.");
    }
  }

  /** Deletes the file or folder at {@code path}; a folder that is not empty needs recursive. */
  public void delete(String tenantId, String projectId, String path, boolean recursive) {
    String rel = FilePaths.required("path", path);
    ProjectTree tree = tree(tenantId, projectId);
    Path p = tree.resolve("path", rel);
    synchronized (lock(tree)) {
      try {
        if (!Files.exists(p, NOFOLLOW)) {
          throw FileProblems.notFound(rel);
        }
        if (Files.isDirectory(p, NOFOLLOW)) {
          if (!recursive && !ProjectTree.isEmptyFolder(p)) {
            throw FileProblems.notEmpty(rel);
          }
          ProjectTree.deleteTree(p);
        } else {
          Files.delete(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Moves the file or folder at {@code from} to {@code to}, creating folders on the way; an
   * existing file at {@code to} is replaced only with {@code overwrite}, a folder never.
   */
  public FileEntry rename(
      String tenantId, String projectId, String from, String to, boolean overwrite) {
    String source = FilePaths.required("from", from);
    String target = FilePaths.required("to", to);
    if (target.startsWith(source + "/")) {
      throw FileProblems.invalidPath("to", "must not be inside from");
    }
    ProjectTree tree = tree(tenantId, projectId);
    Path src = tree.resolve("from", source);
    Path dst = tree.resolve("to", target);
    synchronized (lock(tree)) {
      try {
        if (!Files.exists(src, NOFOLLOW)) {
          throw FileProblems.notFound(source);
        }
        if (source.equals(target)) {
          return tree.entry(src);
        }
        if (Files.exists(dst, NOFOLLOW) && (!overwrite || Files.isDirectory(dst, NOFOLLOW))) {
          throw FileProblems.exists(target);
        }
        checkQuota(tree, tree.missingFolders(dst.getParent()), 0);
        Files.createDirectories(dst.getParent());
        Files.move(src, dst, StandardCopyOption.ATOMIC_MOVE);
        return tree.entry(dst);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Creates the folder at {@code path} and its parents; an existing folder is left as it is. */
  public Written createDirectory(String tenantId, String projectId, String path) {
    String rel = FilePaths.required("path", path);
    ProjectTree tree = tree(tenantId, projectId);
    Path dir = tree.resolve("path", rel);
    synchronized (lock(tree)) {
      try {
        if (Files.exists(dir, NOFOLLOW)) {
          if (!Files.isDirectory(dir)) {
            throw FileProblems.exists(rel);
          }
          return new Written(tree.entry(dir), null, false);
        }
        checkQuota(tree, tree.missingFolders(dir), 0);
        Files.createDirectories(dir);
        return new Written(tree.entry(dir), null, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The folder of a project's files (created when missing): the work tree of its git repository.
   * Whoever writes there without this class runs under {@link #exclusive} and checks {@link
   * #breach} afterwards.
   */
  public Path root(String tenantId, String projectId) {
    Path root = tree(tenantId, projectId).root();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  /** Runs {@code work} while no writer of this API changes the project's files on this node. */
  public <T> T exclusive(String tenantId, String projectId, java.util.function.Supplier<T> work) {
    synchronized (lock(tree(tenantId, projectId))) {
      return work.get();
    }
  }

  /** The limits a folder of {@code entries} entries and {@code bytes} bytes breaks, if any. */
  public java.util.Optional<RuleBreach> breach(long entries, long bytes) {
    if (entries > limits.maxEntries()) {
      return java.util.Optional.of(
          new RuleBreach(
              "project_quota_exceeded",
              "The project would hold more than " + limits.maxEntries() + " files and folders.",
              List.of()));
    }
    if (bytes > limits.maxProjectBytes()) {
      return java.util.Optional.of(
          new RuleBreach(
              "project_quota_exceeded",
              "The project's files would take more than " + limits.maxProjectBytes() + " bytes.",
              List.of()));
    }
    return java.util.Optional.empty();
  }

  /**
   * How the project's folder breaks the files rules, if it does: a file above the size limit, more
   * entries or bytes than the project may hold, a symbolic link (the API never makes one, and one
   * leading outside would be refused). For what git wrote there.
   */
  public java.util.Optional<RuleBreach> breach(String tenantId, String projectId) {
    ProjectTree tree = tree(tenantId, projectId);
    Path root = tree.root();
    if (!Files.isDirectory(root, NOFOLLOW)) {
      return java.util.Optional.empty();
    }
    List<String> tooLarge = new ArrayList<>();
    List<String> links = new ArrayList<>();
    long[] counts = new long[2];
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              if (!d.equals(root)) {
                counts[0]++;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (ProjectTree.isTemp(f)) {
                return FileVisitResult.CONTINUE;
              }
              counts[0]++;
              if (attrs.isSymbolicLink() && links.size() < 100) {
                links.add(tree.relative(f));
              } else if (attrs.isRegularFile()) {
                counts[1] += attrs.size();
                if (attrs.size() > limits.maxFileBytes() && tooLarge.size() < 100) {
                  tooLarge.add(tree.relative(f));
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!links.isEmpty()) {
      return java.util.Optional.of(
          new RuleBreach(
              "invalid_path", "Project files may not be symbolic links.", List.copyOf(links)));
    }
    if (!tooLarge.isEmpty()) {
      return java.util.Optional.of(
          new RuleBreach(
              "file_too_large",
              "Files may be at most " + limits.maxFileBytes() + " bytes.",
              List.copyOf(tooLarge)));
    }
    return breach(counts[0], counts[1]);
  }

  /** Whether the project's folder holds no file or folder (temporary files aside). */
  public boolean isEmpty(String tenantId, String projectId) {
    Path root = tree(tenantId, projectId).root();
    if (!Files.isDirectory(root, NOFOLLOW)) {
      return true;
    }
    try (java.util.stream.Stream<Path> children = Files.list(root)) {
      return children.allMatch(ProjectTree::isTemp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes everything in the project's folder and keeps the folder (an undone clone). */
  public void clear(String tenantId, String projectId) {
    Path root = tree(tenantId, projectId).root();
    if (!Files.isDirectory(root, NOFOLLOW)) {
      return;
    }
    try (java.util.stream.Stream<Path> children = Files.list(root)) {
      for (Path c : children.toList()) {
        if (Files.isDirectory(c, NOFOLLOW)) {
          ProjectTree.deleteTree(c);
        } else {
          Files.delete(c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the files of a project being deleted, once its deletion has committed. */
  void deleteAllOf(@Observes @Priority(400) ProjectDeletion.Deleting deletion) {
    Transactions.afterCommit(() -> deleteAll(deletion.tenantId(), deletion.projectId()));
  }

  /** Deletes every file of a project (after the project was deleted); logs what it cannot. */
  public void deleteAll(String tenantId, String projectId) {
    ProjectTree tree = tree(tenantId, projectId);
    synchronized (lock(tree)) {
      try {
        if (Files.exists(tree.root(), NOFOLLOW)) {
          ProjectTree.deleteTree(tree.root());
        }
      } catch (IOException e) {
        LOG.log(Level.WARNING, "Could not delete the files of project " + projectId, e);
      }
    }
    locks.remove(tree.root());
  }
}
