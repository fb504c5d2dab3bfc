package dev.atelier.core.runs;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools of the run queue and the stream hub: threads from the server's managed thread
 * factory (so they carry the application's context), named {@code atelier-<name>-<n>} so that a
 * thread dump tells them apart, and let go after a minute idle.
 */
final class Pools {

  private Pools() {}

  static ThreadPoolExecutor fixed(
      ThreadFactory threads,
      String name,
      int size,
      BlockingQueue<Runnable> queue,
      RejectedExecutionHandler whenFull) {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory named =
        task -> {
          Thread t = threads.newThread(task);
          t.setName("atelier-" + name + "-" + count.incrementAndGet());
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, queue, named, whenFull);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
