package dev.atelier.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Fires several requests at the same moment, for tests of races between requests (two creations of
 * the same unique name, retries with one {@code Idempotency-Key}).
 */
public final class Concurrently {

  private Concurrently() {}

  /** Runs every call on its own thread, all released together; the responses in call order. */
  public static List<Api.Res> run(List<Callable<Api.Res>> calls) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Future<Api.Res>> futures = new ArrayList<>();
      for (Callable<Api.Res> call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<Api.Res> responses = new ArrayList<>();
      for (Future<Api.Res> f : futures) {
        responses.add(f.get(60, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  /** {@code n} copies of one call, run together. */
  public static List<Api.Res> times(int n, Callable<Api.Res> call) throws Exception {
    List<Callable<Api.Res>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(call);
    }
    return run(calls);
  }
}
