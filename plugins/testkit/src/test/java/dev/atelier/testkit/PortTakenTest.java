package dev.atelier.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payara Micro whose HTTP port was taken logs the bind failure and hangs; the testkit reads that
 * from the log (these lines are Payara Micro 7's own) to start again on another port.
 */
class PortTakenTest {

  private static final String BIND_FAILURE =
      """
        Shutting down server due to startup exception
      java.net.BindException: Cannot bind to requested socket address /0.0.0.0:45677
      \tat org.glassfish.grizzly.nio.transport.TCPNIOBindingHandler.bindToChannelAndAddress(\
      TCPNIOBindingHandler.java:101)
      Caused by: java.net.BindException: Address already in use
      """;

  @Test
  void aBindFailureOnTheServersPortIsRecognised(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("server.log"), BIND_FAILURE);
    assertTrue(AtelierServer.portTaken(log, "http://127.0.0.1:45677/health/ready"));
  }

  @Test
  void theLaunchersRefusalIsRecognised(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("server.log"),
            "Atelier cannot start: port 45677 is in use by another program. Stop that program or"
                + " choose another port with --port <n>.\n");
    assertTrue(AtelierServer.portTaken(log, "http://127.0.0.1:45677/health/ready"));
    assertFalse(AtelierServer.portTaken(log, "http://127.0.0.1:4567/health/ready"));
  }

  @Test
  void anotherPortOrNoFailureIsNot(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("server.log"), BIND_FAILURE);
    assertFalse(AtelierServer.portTaken(log, "http://127.0.0.1:4567/health/ready"));
    Path quiet = Files.writeString(dir.resolve("quiet.log"), "Payara Micro ready\n");
    assertFalse(AtelierServer.portTaken(quiet, "http://127.0.0.1:45677/health/ready"));
    assertFalse(AtelierServer.portTaken(dir.resolve("absent.log"), "http://127.0.0.1:1/"));
  }
}
