import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens N streams at once, ROUNDS times one after the other, and measures for every text chunk the
 * time from the fake provider's write (the timestamp the chunk carries) to its arrival here.
 *
 * <pre>
 *   java bench/streaming/StreamClient.java direct  PROVIDER_BASE N ROUNDS
 *   java bench/streaming/StreamClient.java atelier ATELIER_BASE  N ROUNDS TOKEN PROJECT_ID AGENT
 * </pre>
 *
 * {@code direct} reads the provider's chat completions itself (the baseline); {@code atelier} posts
 * chat turns to {@code /api/v1/chat/stream} and reads their {@code message.delta} events. Prints
 * one line: mode, n, rounds, samples, p50 ms, p99 ms, max ms, finished streams, errors, seconds.
 * With {@code -Dbench.warmup=W} it first runs W rounds it does not count, so that this JVM's own
 * first compilations are not measured.
 */
public class StreamClient {

  static final Pattern STAMP = Pattern.compile("(\\d{16}) ");
  static final AtomicLong errors = new AtomicLong();
  static final AtomicLong finished = new AtomicLong();
  static final Map<String, Boolean> errorKinds = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String base = args[1];
    int n = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    int warmup = Integer.getInteger("bench.warmup", 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(pool)
            .build();
    long started = System.nanoTime();
    List<Long> all = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Long> uncounted = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int r = 0; r < warmup + rounds; r++) {
      if (r == warmup) { // the measured rounds start
        started = System.nanoTime();
        errors.set(0);
        finished.set(0);
        errorKinds.clear();
      }
      List<CompletableFuture<?>> streams = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        HttpRequest request;
        if (mode.equals("direct")) {
          request =
              HttpRequest.newBuilder(URI.create(base + "/chat/completions"))
                  .timeout(Duration.ofMinutes(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"bench-1\",\"stream\":true}"))
                  .build();
        } else {
          String body =
              "{\"project_id\":\"" + args[5] + "\",\"agent\":\"" + args[6]
                  + "\",\"message\":\"stream please\"}";
          request =
              HttpRequest.newBuilder(URI.create(base + "/api/v1/chat/stream"))
                  .timeout(Duration.ofMinutes(10))
                  .header("Content-Type", "application/json")
                  .header("Accept", "text/event-stream")
                  .header("Authorization", "Bearer " + args[4])
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build();
        }
        Lines lines = new Lines(mode.equals("direct"), r < warmup ? uncounted : all);
        streams.add(
            http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(lines))
                .handle(
                    (res, e) -> {
                      if (e != null) {
                        error("exception: " + e.getClass().getSimpleName() + " " + e.getMessage());
                      } else if (res.statusCode() != 200) {
                        error("status " + res.statusCode());
                      } else if (!lines.done) {
                        error("stream ended before the answer was done");
                      } else {
                        finished.incrementAndGet();
                      }
                      return null;
                    }));
      }
      try {
        CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new))
            .get(Long.getLong("bench.timeout", 300), TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        long open = streams.stream().filter(f -> !f.isDone()).count();
        if (r < warmup) {
          continue; // a warm-up round is not counted, even when it stalls
        }
        for (long i = 0; i < open; i++) {
          error("no answer within the time limit");
        }
        break;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] samples;
    synchronized (all) {
      samples = all.stream().mapToLong(Long::longValue).toArray();
    }
    Arrays.sort(samples);
    System.out.printf(
        Locale.ROOT,
        "%s %d %d %d %.3f %.3f %.3f %d %d %.1f%n",
        mode, n, rounds, samples.length, pct(samples, 0.50), pct(samples, 0.99),
        samples.length == 0 ? 0 : samples[samples.length - 1] / 1000.0,
        finished.get(), errors.get(), seconds);
    errorKinds.keySet().stream().limit(5).forEach(k -> System.err.println("error: " + k));
    pool.shutdownNow();
    System.exit(0);
  }

  static void error(String kind) {
    errors.incrementAndGet();
    errorKinds.put(kind.length() > 200 ? kind.substring(0, 200) : kind, true);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
  }

  static long micros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Reads one SSE stream line by line; records a latency for each stamped text chunk. */
  static final class Lines implements Flow.Subscriber<String> {
    final boolean direct;
    final List<Long> out;
    String event = "";
    volatile boolean done;
    Flow.Subscription subscription;

    Lines(boolean direct, List<Long> out) {
      this.direct = direct;
      this.out = out;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      long now = micros();
      if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        String data = line.substring(5).trim();
        if (direct) {
          if (data.equals("[DONE]")) {
            done = true;
          } else {
            stamp(data, now);
          }
        } else if (event.equals("message.delta")) {
          stamp(data, now);
        } else if (event.equals("message.done")) {
          done = true;
        } else if (event.equals("error")) {
          error("error event: " + data);
        }
      }
    }

    private void stamp(String data, long now) {
      Matcher m = STAMP.matcher(data);
      if (m.find()) {
        out.add(now - Long.parseLong(m.group(1)));
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }
}
