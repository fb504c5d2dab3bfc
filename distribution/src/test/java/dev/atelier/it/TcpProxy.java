package dev.atelier.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between the server and its database, which a test switches to make the
 * database unreachable the ways networks do: {@link Mode#REFUSE} (nothing listens: connections are
 * refused, open ones are cut) and {@link Mode#BLACKHOLE} (connections are accepted and kept, but
 * nothing gets through either way, as when packets are dropped).
 */
final class TcpProxy implements AutoCloseable {

  /** What the proxy does with traffic. */
  enum Mode {
    FORWARD,
    REFUSE,
    BLACKHOLE
  }

  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.FORWARD;
  private volatile ServerSocket listener;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.port = first.getLocalPort();
    listen(first);
  }

  int port() {
    return port;
  }

  /** Switches to {@code next}; connections of the previous mode that cannot go on are cut. */
  synchronized void mode(Mode next) throws IOException {
    Mode previous = mode;
    mode = next;
    if (next == Mode.REFUSE) {
      listener.close();
      cutAll();
    } else if (previous == Mode.REFUSE) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      listen(s);
    } else if (previous == Mode.BLACKHOLE) {
      cutAll(); // their byte streams lost data: no protocol can go on on them
    }
  }

  private void listen(ServerSocket s) {
    listener = s;
    Thread.ofPlatform()
        .daemon()
        .name("tcp-proxy-accept-" + port)
        .start(
            () -> {
              while (!s.isClosed()) {
                try {
                  accepted(s.accept());
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
  }

  private void accepted(Socket client) throws IOException {
    open.add(client);
    if (mode == Mode.BLACKHOLE) {
      pump(client.getInputStream(), null, client, null);
      return;
    }
    Socket upstream;
    try {
      upstream = new Socket(targetHost, targetPort);
    } catch (IOException e) {
      close(client);
      return;
    }
    open.add(upstream);
    pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
    pump(upstream.getInputStream(), client.getOutputStream(), upstream, client);
  }

  /** Copies {@code in} to {@code out} while forwarding; drops what it reads otherwise. */
  private void pump(InputStream in, OutputStream out, Socket from, Socket to) {
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (mode == Mode.FORWARD && out != null) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // cut
              } finally {
                close(from);
                if (to != null) {
                  close(to);
                }
              }
            });
  }

  private void cutAll() {
    open.forEach(this::close);
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cutAll();
  }
}
