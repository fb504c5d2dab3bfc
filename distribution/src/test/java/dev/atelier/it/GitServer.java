package dev.atelier.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A git server for the tests, on loopback in the test JVM: bare repositories served over git's
 * smart HTTP protocol (JGit's {@link UploadPack} and {@link ReceivePack} behind the JDK's HTTP
 * server), each behind HTTP basic authentication with a token as the password, as GitHub and GitLab
 * take one.
 */
final class GitServer implements AutoCloseable {

  static final String TOKEN = "test-token-" + Long.toHexString(System.nanoTime());

  private final HttpServer http;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final Path root;
  private final Map<String, Repository> repos = new ConcurrentHashMap<>();
  final AtomicInteger unauthorized = new AtomicInteger();

  /** How long the server waits before it answers a fetch or a push (a slow remote). */
  volatile long delayMillis;

  GitServer(Path root) throws IOException {
    this.root = root;
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(pool);
    http.createContext("/", this::handle);
    http.start();
  }

  /** The URL of repository {@code name}. */
  String url(String name) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/" + name + ".git";
  }

  /** The served repository {@code name}. */
  Repository repository(String name) {
    return repos.get(name);
  }

  /** A new bare repository {@code name} on branch main. */
  Repository create(String name) throws Exception {
    Path dir = root.resolve(name + ".git");
    Git git = Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main").call();
    Repository repo = git.getRepository();
    repos.put(name, repo);
    return repo;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getQuery();
      int dot = path.indexOf(".git/");
      Repository repo = dot < 0 ? null : repos.get(path.substring(1, dot));
      if (repo == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
        unauthorized.incrementAndGet();
        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        ex.sendResponseHeaders(401, -1);
        return;
      }
      String op = path.substring(dot + 5);
      if (ex.getRequestMethod().equals("POST") && delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      ex.getResponseHeaders().add("Cache-Control", "no-cache");
      if (op.equals("info/refs") && query != null && query.contains("service=git-upload-pack")) {
        advertise(ex, "git-upload-pack", repo);
      } else if (op.equals("info/refs")
          && query != null
          && query.contains("service=git-receive-pack")) {
        advertise(ex, "git-receive-pack", repo);
      } else if (op.equals("git-upload-pack") && ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
        ex.sendResponseHeaders(200, 0);
        UploadPack up = new UploadPack(repo);
        up.setBiDirectionalPipe(false);
        try (OutputStream out = ex.getResponseBody()) {
          up.upload(body(ex), out, null);
        }
      } else if (op.equals("git-receive-pack") && ex.getRequestMethod().equals("POST")) {
        ex.getResponseHeaders().add("Content-Type", "application/x-git-receive-pack-result");
        ex.sendResponseHeaders(200, 0);
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        try (OutputStream out = ex.getResponseBody()) {
          rp.receive(body(ex), out, null);
        }
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
  }

  private static boolean authorized(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded =
        new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    return decoded.endsWith(":" + TOKEN);
  }

  private static InputStream body(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    return "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(in) : in;
  }

  private static void advertise(HttpExchange ex, String service, Repository repo)
      throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/x-" + service + "-advertisement");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      PacketLineOut pck = new PacketLineOut(out);
      pck.writeString("# service=" + service + "\n");
      pck.end();
      RefAdvertiser.PacketLineOutRefAdvertiser adv =
          new RefAdvertiser.PacketLineOutRefAdvertiser(pck);
      if (service.equals("git-upload-pack")) {
        UploadPack up = new UploadPack(repo);
        up.setBiDirectionalPipe(false);
        up.sendAdvertisedRefs(adv);
      } else {
        ReceivePack rp = new ReceivePack(repo);
        rp.setBiDirectionalPipe(false);
        rp.sendAdvertisedRefs(adv);
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
    repos.values().forEach(Repository::close);
  }

  /** Whether {@code dir} exists: for tests that look at the server's repositories. */
  static boolean exists(Path dir) {
    return Files.exists(dir);
  }
}
