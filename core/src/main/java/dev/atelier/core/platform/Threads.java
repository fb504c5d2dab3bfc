package dev.atelier.core.platform;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The threads of the server's own work (run workers, stream writers, parallel tool calls,
 * automation firing), named {@code atelier-<name>-<n>} so that a thread dump tells them apart.
 * Stream writers stay on platform threads ({@link #platform}): their work is CPU on the latency
 * path.
 *
 * <p>With virtual threads ({@code atelier.threads.virtual}), each task gets a virtual thread of its
 * own: work that mostly waits (on a model provider, on a slow client) no longer holds a platform
 * thread. The application's context (class loader, naming) is captured once, at start-up, through
 * the server's {@link ContextService} and applied to every task, so virtual threads see what the
 * server's managed threads see. Otherwise the threads come from the server's managed thread factory
 * in fixed pools, as before.
 *
 * <p>{@code auto} (the default) uses virtual threads from Java 24 on, and only when at least 32
 * runs may work at once: on 21 to 23 a virtual thread blocked inside a {@code synchronized} block
 * pins its carrier thread, and the JDBC driver, the pool and EclipseLink block there, which can
 * starve the few carriers (JEP 491 lifted it in 24); and with few workers, platform threads worked
 * the queue a little faster (docs/benchmarks.md).
 */
@ApplicationScoped
public class Threads {

  private static final Logger LOG = Logger.getLogger(Threads.class.getName());

  @Inject AtelierConfig config;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory managed;

  @Resource(lookup = "java:comp/DefaultContextService")
  ContextService contexts;

  private boolean virtual;
  private Consumer<Runnable> inContext;

  @PostConstruct
  void init() {
    virtual = config.virtualThreads(Runtime.version().feature());
    if (virtual) {
      // captured here, on a thread of the application: applied to each task
      inContext = contexts.contextualConsumer(Runnable::run);
    }
    LOG.info(
        "Work threads: "
            + (virtual ? "virtual" : "platform (the server's managed thread factory)")
            + " on Java "
            + Runtime.version().feature());
  }

  /** Whether tasks run on virtual threads. */
  public boolean virtual() {
    return virtual;
  }

  /**
   * An executor for work named {@code name}: a virtual thread per task, or {@code size} managed
   * platform threads taking tasks from {@code queue} (idle ones let go after a minute), refusing
   * with {@code whenFull} what the queue cannot take.
   */
  public ExecutorService executor(
      String name, int size, BlockingQueue<Runnable> queue, RejectedExecutionHandler whenFull) {
    if (virtual) {
      return Executors.newThreadPerTaskExecutor(virtualThreads(name));
    }
    return platform(name, size, queue, whenFull);
  }

  /**
   * {@code size} managed platform threads whatever the setting: for work that must stay bounded as
   * a pool is, such as one poller with at most one waiting wake-up.
   */
  public ThreadPoolExecutor platform(
      String name, int size, BlockingQueue<Runnable> queue, RejectedExecutionHandler whenFull) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory named =
        task -> {
          Thread t = managed.newThread(task);
          t.setName("atelier-" + name + "-" + count.incrementAndGet());
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, queue, named, whenFull);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A virtual thread per task for work named {@code name}, or {@code platform} without them. */
  public ExecutorService perTask(String name, ExecutorService platform) {
    return virtual ? Executors.newThreadPerTaskExecutor(virtualThreads(name)) : platform;
  }

  private ThreadFactory virtualThreads(String name) {
    ThreadFactory factory = Thread.ofVirtual().name("atelier-" + name + "-", 1).factory();
    return task -> factory.newThread(() -> inContext.accept(task));
  }
}
