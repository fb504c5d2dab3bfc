package dev.atelier.core.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One client's stream of one run on this node: the events waiting for it and how far it got. Events
 * are handed in by any thread ({@link #offer}); one drain at a time ({@link #drain}) writes them to
 * the client in order. The stored events are the truth: a drain that finds a gap in their numbers,
 * or that was told the queue overflowed, reads the missing ones from the database, so a stored
 * event is never lost or sent twice; live deltas are dropped when the client is too far behind.
 */
final class StreamSubscriber {

  private static final Logger LOG = Logger.getLogger(StreamSubscriber.class.getName());

  static final Set<String> FINAL = Set.of("run.succeeded", "run.failed", "run.cancelled");

  /** Stands for a keep-alive in the queue. */
  static final RunEvents.Event KEEP_ALIVE = new RunEvents.Event(0, "", "");

  /** What a drain needs from the hub. */
  interface Source {
    /** The stored events of the run after {@code seq}, in order. */
    List<RunEvents.Event> after(String tenantId, String runId, long seq);

    /** Whether the run has finished (or is gone). */
    boolean terminal(String tenantId, String runId);
  }

  final String tenantId;
  final String runId;
  final EventSink sink;
  final long deadline;
  private final Function<RunEvents.Event, Optional<RunEvents.Event>> view;
  private final int limit;
  private final Queue<RunEvents.Event> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private RunEvents.Event first;
  private boolean started;
  private boolean joined;

  /** The number of the last stored event sent; read by the hub to batch database reads. */
  private volatile long last;

  /** Set when stored events must be read from the database (start, overflow, events elsewhere). */
  private volatile boolean catchUp = true;

  /** Set when the run has finished: close once everything queued is sent. */
  private volatile boolean ending;

  /** Set when the stream has lasted its longest or the client has gone: close at the next drain. */
  private volatile boolean expired;

  private volatile boolean closed;
  private volatile long lastSentNanos = System.nanoTime();
  private volatile long sendingSinceNanos;
  private final AtomicInteger dropped = new AtomicInteger();

  StreamSubscriber(
      String tenantId,
      String runId,
      long after,
      EventSink sink,
      Function<RunEvents.Event, Optional<RunEvents.Event>> view,
      RunEvents.Event first,
      int limit,
      long deadline) {
    this.tenantId = tenantId;
    this.runId = runId;
    this.last = after;
    this.sink = sink;
    this.view = view;
    this.first = first;
    this.limit = limit;
    this.deadline = deadline;
  }

  long last() {
    return last;
  }

  boolean closed() {
    return closed;
  }

  long lastSentNanos() {
    return lastSentNanos;
  }

  /** When the send in progress started, or 0 when none is. */
  long sendingSinceNanos() {
    return sendingSinceNanos;
  }

  /**
   * Queues an event; never blocks. Past the limit a delta is dropped and a stored event is left to
   * the database. Returns whether a drain is needed.
   */
  boolean offer(RunEvents.Event e) {
    if (closed) {
      return false;
    }
    if (e.seq() > 0 && e.seq() <= last) {
      return false;
    }
    if (size.get() >= limit) {
      if (e.seq() > 0) {
        catchUp = true;
        return true;
      }
      dropped.incrementAndGet();
      return false;
    }
    size.incrementAndGet();
    queue.add(e);
    return true;
  }

  /** The run has finished: read what is left from the database, send it, then close. */
  void end() {
    catchUp = true;
    ending = true;
  }

  /** Closes the stream at the next drain. */
  void expire() {
    expired = true;
  }

  /** Reads the database for stored events at the next drain. */
  void catchUp() {
    catchUp = true;
  }

  /** Whether the caller won the right to schedule the (single) drain. */
  boolean schedule() {
    return !closed && scheduled.compareAndSet(false, true);
  }

  /**
   * Writes what is waiting to the client, in order; run by one thread at a time (after {@link
   * #schedule} returned true). Returns true when more arrived meanwhile and the drain should be
   * scheduled again, false when done (or the stream closed).
   */
  boolean drain(Source source, int batch) {
    try {
      if (expired) {
        close();
      }
      if (!started && !closed) {
        started = true;
        if (first != null) {
          send(first);
          first = null;
        }
      }
      for (int sent = 0; sent < batch && !closed; sent++) {
        if (catchUp) {
          catchUp = false;
          readStored(source);
          continue;
        }
        RunEvents.Event e = queue.poll();
        if (e == null) {
          break;
        }
        size.decrementAndGet();
        take(e);
      }
      if (!closed && ending && !catchUp && queue.isEmpty()) {
        close();
      }
    } catch (RuntimeException gone) {
      close();
    }
    scheduled.set(false);
    return !closed && (catchUp || !queue.isEmpty());
  }

  /**
   * Sends the stored events after {@link #last} from the database. Deltas queued before the last of
   * them are older than it and are dropped, so what the client sees stays in order.
   */
  private void readStored(Source source) {
    List<RunEvents.Event> stored = source.after(tenantId, runId, last);
    if (stored.isEmpty()) {
      if (!joined) {
        joined = true;
        // joined a finished run with nothing after the client's last event: nothing will come
        if (source.terminal(tenantId, runId)) {
          if (source.after(tenantId, runId, last).isEmpty()) {
            close();
          } else {
            catchUp = true; // its last events were stored meanwhile
          }
        }
      }
      return;
    }
    joined = true;
    long upTo = stored.get(stored.size() - 1).seq();
    List<RunEvents.Event> waiting = new ArrayList<>();
    for (RunEvents.Event e = queue.poll(); e != null; e = queue.poll()) {
      size.decrementAndGet();
      waiting.add(e);
    }
    int olderThanStored = -1;
    for (int i = 0; i < waiting.size(); i++) {
      if (waiting.get(i).seq() > 0 && waiting.get(i).seq() <= upTo) {
        olderThanStored = i;
      }
    }
    for (RunEvents.Event e : stored) {
      deliver(e);
      if (closed) {
        return;
      }
    }
    for (int i = olderThanStored + 1; i < waiting.size() && !closed; i++) {
      take(waiting.get(i));
    }
  }

  /** Sends one queued event, skipping stored ones already sent and noting a gap. */
  private void take(RunEvents.Event e) {
    if (e == KEEP_ALIVE) {
      sendingSinceNanos = System.nanoTime();
      sink.keepAlive();
      sendingSinceNanos = 0;
    } else if (e.seq() == 0 || e.seq() == last + 1) {
      deliver(e);
    } else if (e.seq() > last + 1) {
      catchUp = true; // a gap: an event not (yet) handed to us; the database has it
    }
  }

  private void deliver(RunEvents.Event e) {
    Optional<RunEvents.Event> shown = view.apply(e);
    if (shown.isPresent()) {
      send(shown.get());
    }
    if (e.seq() > 0) {
      last = e.seq();
      if (FINAL.contains(e.type())) {
        close();
      }
    }
  }

  private void send(RunEvents.Event e) {
    sendingSinceNanos = System.nanoTime();
    sink.send(e);
    sendingSinceNanos = 0;
    lastSentNanos = System.nanoTime();
  }

  /** Queues a keep-alive when nothing was sent for a while; returns whether a drain is needed. */
  boolean keepAliveIfQuiet(long quietNanos) {
    if (closed || System.nanoTime() - lastSentNanos < quietNanos || size.get() > 0) {
      return false;
    }
    lastSentNanos = System.nanoTime();
    size.incrementAndGet();
    queue.add(KEEP_ALIVE);
    return true;
  }

  /** Ends the stream: nothing more is sent; closing the client's connection may block briefly. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (dropped.get() > 0) {
      LOG.fine(
          "A client of run " + runId + " fell behind; " + dropped.get() + " deltas were left out");
    }
    queue.clear();
    size.set(0);
    try {
      sink.close();
    } catch (RuntimeException ignored) {
      // the client is gone already
    }
  }

  /** Marks the stream closed without touching the connection (a send is stuck on it). */
  void abandon() {
    closed = true;
  }
}
