package dev.atelier.core.chat;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.runs.EventSink;
import dev.atelier.core.runs.RunEvents;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The frames a chat WebSocket sends, {@code {"type", "id", "data"}} (the event's type, its number
 * or null, its data): one at a time (a turn's stream, keep-alive pings and answers to the client's
 * frames come from different threads), and none waiting longer than the send timeout on a client
 * that does not read; such a client's session is closed.
 */
final class SocketFrames {

  private final Session session;
  private final long timeoutMillis;
  private final Object sending = new Object();
  private volatile boolean gone;

  SocketFrames(Session session, Duration timeout) {
    this.session = session;
    this.timeoutMillis = timeout.toMillis();
  }

  boolean isOpen() {
    return !gone && session.isOpen();
  }

  /** The client has closed the session (or it failed). */
  void gone() {
    gone = true;
  }

  /** One frame's text. {@code data} is JSON; {@code id} is left null when not above 0. */
  static String frame(String type, long id, String data) {
    return "{\"type\":"
        + JSON.createValue(type)
        + ",\"id\":"
        + (id > 0 ? Long.toString(id) : "null")
        + ",\"data\":"
        + data
        + "}";
  }

  /** Sends one frame; throws when the client has gone or did not take it in time. */
  void send(String type, long id, String data) {
    String text = frame(type, id, data);
    synchronized (sending) {
      if (!isOpen()) {
        throw new UncheckedIOException(new IOException("The client has gone."));
      }
      Future<Void> sent = session.getAsyncRemote().sendText(text);
      try {
        sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        sent.cancel(true);
        close(CloseReason.CloseCodes.VIOLATED_POLICY, "The client does not read its frames.");
        throw new UncheckedIOException(new IOException("The client did not read a frame in time."));
      } catch (ExecutionException e) {
        gone = true;
        throw new UncheckedIOException(new IOException("The frame could not be sent.", e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("Interrupted while sending."));
      }
    }
  }

  /** Sends a ping frame, which clients answer without showing it. */
  void ping() {
    synchronized (sending) {
      if (!isOpen()) {
        return;
      }
      try {
        session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
      } catch (IOException | RuntimeException e) {
        gone = true;
      }
    }
  }

  /** Closes the session with {@code code} (ignoring a client that has gone meanwhile). */
  void close(CloseReason.CloseCode code, String reason) {
    gone = true;
    try {
      session.close(new CloseReason(code, reason));
    } catch (IOException | RuntimeException e) {
      // already closed
    }
  }

  /** A sink for one turn's stream: it ends with the turn, the session stays open for the next. */
  EventSink stream() {
    return new EventSink() {
      private volatile boolean ended;

      @Override
      public boolean isClosed() {
        return ended || !isOpen();
      }

      @Override
      public void send(RunEvents.Event event) {
        SocketFrames.this.send(event.type(), event.seq(), event.data());
      }

      @Override
      public void keepAlive() {
        ping();
      }

      @Override
      public void close() {
        ended = true;
      }
    };
  }
}
