package dev.atelier.core.runs;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Where one client's stream of run events goes: a server-sent events response or a WebSocket
 * session. {@link RunStreams} writes to it and closes it when the run has finished.
 */
public interface EventSink extends AutoCloseable {

  /** Whether the client has gone (nothing more can be sent). */
  boolean isClosed();

  /** Sends one event and returns once it is written; throws when the client has gone. */
  void send(RunEvents.Event event);

  /** Sends something the client ignores, so that idle connections stay open through proxies. */
  void keepAlive();

  @Override
  void close();

  /** A server-sent events response: the event's type is the SSE event name, its number the id. */
  static EventSink sse(SseEventSink sink, Sse sse) {
    return new EventSink() {
      @Override
      public boolean isClosed() {
        return sink.isClosed();
      }

      @Override
      public void send(RunEvents.Event e) {
        OutboundSseEvent.Builder b = sse.newEventBuilder().name(e.type()).data(e.data());
        if (e.seq() > 0) {
          b.id(Long.toString(e.seq()));
        }
        sink.send(b.build()).toCompletableFuture().join();
      }

      @Override
      public void keepAlive() {
        sink.send(sse.newEventBuilder().comment("keep-alive").build());
      }

      @Override
      public void close() {
        sink.close();
      }
    };
  }
}
