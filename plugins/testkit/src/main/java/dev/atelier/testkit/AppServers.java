package dev.atelier.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Deploys {@code atelier.war} on a full application server, as an operator would, and waits until
 * it serves: Payara Server (a domain of its own on free ports, the WAR deployed at {@code /} with
 * {@code asadmin deploy}) or WildFly ({@code standalone-microprofile.xml}, a server base directory
 * of its own, the WAR in its deployments folder, ports moved by an offset).
 *
 * <p>Where things are, from system properties (the build sets them): {@code atelier.test.war} (the
 * WAR), {@code atelier.test.payara-server.home} (an unpacked Payara Server, the folder holding
 * {@code glassfish/}), {@code atelier.test.wildfly.home} (an unpacked WildFly). Each server gets
 * the same environment as {@link AtelierServer#launch}: a data and plugins folder under its work
 * folder, loopback trusted as a proxy, the database of {@code pgDatabase} or an embedded H2.
 */
public final class AppServers {

  /** The application servers the WAR is tested on. */
  public enum Kind {
    /** Payara Server 6 (Jakarta EE 10). */
    PAYARA_SERVER,
    /** WildFly 39 (Jakarta EE 11), {@code standalone-microprofile.xml}. */
    WILDFLY
  }

  private AppServers() {}

  /**
   * Starts server {@code kind} with the WAR deployed and waits until it is ready.
   *
   * @param name a short name for the work folder
   * @param extraEnv environment variables for the server, overriding the defaults
   * @param pgDatabase a database from {@link AtelierServer#createPgDatabase()}, or null for H2;
   *     {@link AtelierServer.Running#stop()} drops it
   */
  public static AtelierServer.Running launch(
      Kind kind, String name, Map<String, String> extraEnv, String pgDatabase) throws Exception {
    Path work = AtelierServer.workFolder(kind.name().toLowerCase(Locale.ROOT) + "-" + name);
    Map<String, String> env = new HashMap<>(AtelierServer.environment(work, pgDatabase));
    env.putAll(extraEnv);
    Path war = existing("atelier.test.war");
    long started = System.nanoTime();
    AtelierServer.Running r =
        switch (kind) {
          case PAYARA_SERVER -> payaraServer(work, war, env, pgDatabase);
          case WILDFLY -> wildFly(work, war, env, pgDatabase);
        };
    System.out.printf(
        Locale.ROOT,
        "Atelier on %s (%s) ready at %s in %d ms%n",
        kind,
        pgDatabase != null ? "PostgreSQL " + pgDatabase : "H2",
        r.baseUrl(),
        (System.nanoTime() - started) / 1_000_000);
    return r;
  }

  // --- Payara Server

  private static AtelierServer.Running payaraServer(
      Path work, Path war, Map<String, String> env, String pgDatabase) throws Exception {
    Path home = existing("atelier.test.payara-server.home");
    Path cli = home.resolve("glassfish/lib/client/appserver-cli.jar");
    Path domains = work.resolve("domains");
    int base = freeBlock(100);
    String domain = "atelier";
    Map<String, String> asEnv = new HashMap<>(env);
    asEnv.put("AS_JAVA", System.getProperty("java.home"));
    asadmin(
        cli,
        asEnv,
        work,
        "create-domain",
        "--domaindir",
        domains.toString(),
        "--portbase",
        Integer.toString(base),
        "--nopassword",
        domain);
    // start-domain --verbose stays in the foreground: the process is the server's
    Process process =
        start(
            command(cli, "start-domain", "--verbose", "--domaindir", domains.toString(), domain),
            asEnv,
            work.resolve("server.log"));
    String baseUrl = "http://127.0.0.1:" + (base + 80);
    AtelierServer.Running r = new AtelierServer.Running(process, baseUrl, pgDatabase, work);
    try {
      AtelierServer.waitUntil(
          r, "http://127.0.0.1:" + (base + 48) + "/management/domain", code -> code > 0);
      // as docs/operations.md says: Payara's own OpenAPI document off /openapi, Atelier's there
      asadmin(
          cli,
          asEnv,
          work,
          "--port",
          Integer.toString(base + 48),
          "set-openapi-configuration",
          "--enabled=false",
          "--endpoint=payara-openapi");
      asadmin(
          cli,
          asEnv,
          work,
          "--port",
          Integer.toString(base + 48),
          "deploy",
          "--name",
          "atelier",
          "--contextroot",
          "/",
          war.toString());
      AtelierServer.waitUntil(r, baseUrl + "/health/ready", code -> code == 200);
      return r;
    } catch (Exception e) {
      r.stop();
      throw new IllegalStateException(
          "Payara Server did not become ready; see " + work.resolve("server.log"), e);
    }
  }

  private static void asadmin(Path cli, Map<String, String> env, Path work, String... args)
      throws Exception {
    Path log = work.resolve("asadmin.log");
    Process p = start(command(cli, args), env, log);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "asadmin " + String.join(" ", args) + " failed:\n" + Files.readString(log));
    }
  }

  private static List<String> command(Path cli, String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-jar");
    c.add(cli.toString());
    c.addAll(List.of(args));
    return c;
  }

  // --- WildFly

  private static AtelierServer.Running wildFly(
      Path work, Path war, Map<String, String> env, String pgDatabase) throws Exception {
    Path home = existing("atelier.test.wildfly.home");
    Path base = work.resolve("standalone");
    copyFolder(home.resolve("standalone/configuration"), base.resolve("configuration"));
    Files.createDirectories(base.resolve("deployments"));
    Files.copy(war, base.resolve("deployments/atelier.war"), StandardCopyOption.REPLACE_EXISTING);
    int offset = freeOffset();
    Map<String, String> wfEnv = new HashMap<>(env);
    wfEnv.put("JAVA_HOME", System.getProperty("java.home"));
    wfEnv.put("JAVA_OPTS", "-Xmx768m -Djava.io.tmpdir=" + work.resolve("tmp"));
    List<String> command =
        List.of(
            "sh",
            home.resolve("bin/standalone.sh").toString(),
            "-c",
            "standalone-microprofile.xml",
            "-Djboss.server.base.dir=" + base,
            "-Djboss.socket.binding.port-offset=" + offset,
            "-Djboss.bind.address=127.0.0.1",
            "-Djboss.bind.address.management=127.0.0.1");
    Process process = start(command, wfEnv, work.resolve("server.log"));
    String baseUrl = "http://127.0.0.1:" + (8080 + offset);
    AtelierServer.Running r = new AtelierServer.Running(process, baseUrl, pgDatabase, work);
    try {
      // WildFly answers MicroProfile Health on its management interface
      AtelierServer.waitUntil(
          r, "http://127.0.0.1:" + (9990 + offset) + "/health/ready", code -> code == 200);
      return r;
    } catch (Exception e) {
      r.stop();
      throw new IllegalStateException(
          "WildFly did not become ready; see " + work.resolve("server.log"), e);
    }
  }

  /** A port offset for WildFly's ports (8080, 8443, 9990, 9993, 8009, 4712, 4713) all free. */
  private static int freeOffset() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int offset = 1000 + ThreadLocalRandom.current().nextInt(400) * 100;
      if (free(offset, 8080, 8443, 9990, 9993, 8009, 4712, 4713)) {
        return offset;
      }
    }
    throw new IOException("No free ports for WildFly");
  }

  /** The first port of {@code size} consecutive free ports, at a multiple of 100. */
  private static int freeBlock(int size) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + ThreadLocalRandom.current().nextInt(400) * 100;
      int[] ports = new int[size];
      for (int i = 0; i < size; i++) {
        ports[i] = i;
      }
      if (free(base, ports)) {
        return base;
      }
    }
    throw new IOException("No block of " + size + " free ports");
  }

  private static boolean free(int offset, int... ports) {
    for (int port : ports) {
      try (ServerSocket s = new ServerSocket(offset + port)) {
        s.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  // --- shared

  private static Process start(List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("ATELIER_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("Set " + property + " to run the application-server tests");
    }
    Path p = Path.of(value).toAbsolutePath();
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " (" + property + ") does not exist");
    }
    return p;
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, to.resolve(from.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
