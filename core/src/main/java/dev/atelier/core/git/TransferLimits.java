package dev.atelier.core.git;

import dev.atelier.core.tasks.TaskContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Watches a transfer (clone, fetch, push): reports its progress to the task and cancels it when it
 * took longer than {@code atelier.git.timeout-seconds}, when the repository grew by more than
 * {@code atelier.git.max-fetch-bytes}, or when the task must stop. JGit asks {@link #isCancelled}
 * between units of work; a connection that stalls is ended by the transfer's I/O timeout.
 */
final class TransferLimits implements ProgressMonitor {

  /** Why a transfer was cancelled. */
  enum Reason {
    TIME,
    SIZE,
    STOPPED
  }

  private final Path gitDir;
  private final long baseBytes;
  private final long maxBytes;
  private final long deadline;
  private final TaskContext task;
  private volatile Reason reason;
  private long lastMeasure;
  private String title = "";
  private int total;
  private int done;

  TransferLimits(Path gitDir, long maxBytes, Duration timeout, TaskContext task) {
    this.gitDir = gitDir;
    this.baseBytes = size(gitDir);
    this.maxBytes = maxBytes;
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.task = task;
  }

  /**
   * Measures once more after the transfer ended (a fast one may have finished between two
   * measurements): why it broke the limits, or null.
   */
  Reason afterwards() {
    if (reason == null && size(gitDir) - baseBytes > maxBytes) {
      reason = Reason.SIZE;
    }
    return reason;
  }

  /** Why the transfer was cancelled, or null. */
  Reason reason() {
    return reason;
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {
    this.title = title;
    this.total = totalWork;
    this.done = 0;
    report();
  }

  @Override
  public void update(int completed) {
    done += completed;
    report();
  }

  @Override
  public void endTask() {}

  @Override
  public boolean isCancelled() {
    if (reason != null) {
      return true;
    }
    if (System.nanoTime() > deadline) {
      reason = Reason.TIME;
    } else if (task != null && task.stopRequested()) {
      reason = Reason.STOPPED;
    } else {
      long now = System.nanoTime();
      if (now - lastMeasure > 200_000_000L) {
        lastMeasure = now;
        if (size(gitDir) - baseBytes > maxBytes) {
          reason = Reason.SIZE;
        }
      }
    }
    return reason != null;
  }

  @Override
  public void showDuration(boolean enabled) {}

  private void report() {
    if (task != null) {
      int percent = total > 0 ? (int) Math.min(99L, 100L * done / total) : 0;
      task.progress(percent, title);
    }
  }

  /** The bytes of the files under {@code dir}, links not followed. */
  static long size(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long[] bytes = new long[1];
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
              bytes[0] += a.isRegularFile() ? a.size() : 0;
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
    return bytes[0];
  }
}
