package dev.atelier.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's check of the HTTP port: {@code atelier.jar} started on a port another program
 * listens on exits with status 2 and says why, instead of hanging as Payara Micro does after its
 * bind failure.
 */
class AtelierLauncherIT {

  @Test
  void aTakenPortEndsTheStartWithAClearMessage() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "port-in-use").toAbsolutePath();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      ProcessBuilder pb =
          new ProcessBuilder(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Djava.io.tmpdir=" + work,
                  "-jar",
                  System.getProperty("atelier.jar"),
                  "--nocluster",
                  "--port",
                  Integer.toString(taken.getLocalPort()),
                  "--rootdir",
                  work.resolve("payara").toString()));
      pb.environment().put("ATELIER_DATA_DIR", work.resolve("data").toString());
      pb.redirectErrorStream(true);
      Path log = work.resolve("server.log");
      pb.redirectOutput(log.toFile());
      Process p = pb.start();
      boolean ended = p.waitFor(120, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly();
      }
      String out = Files.readString(log);
      assertTrue(ended, "the start ended: " + out);
      assertEquals(2, p.exitValue(), out);
      assertTrue(
          out.contains("port " + taken.getLocalPort() + " is in use by another program"), out);
    }
  }

  @Test
  void thePortIsPayaraMicrosDefaultOrTheOneGiven() {
    assertEquals(8080, AtelierLauncher.httpPort(new String[] {"--nocluster"}));
    assertEquals(9090, AtelierLauncher.httpPort(new String[] {"--PORT", "9090"}));
    assertEquals(0, AtelierLauncher.httpPort(new String[] {"--autoBindHttp", "--port", "9090"}));
    assertEquals(0, AtelierLauncher.httpPort(new String[] {"--port", "nine"}));
  }

  @Test
  void aPortWithAListenerIsNotFree() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("127.0.0.1", 0));
      assertFalse(AtelierLauncher.free(taken.getLocalPort()));
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    assertTrue(AtelierLauncher.free(port));
  }
}
