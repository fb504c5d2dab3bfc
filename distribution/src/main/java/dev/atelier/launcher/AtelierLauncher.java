package dev.atelier.launcher;

import fish.payara.micro.PayaraMicro;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The entry point of {@code atelier.jar}: Payara Micro's, after one step. Payara Micro keeps the
 * applications it deployed in its root directory ({@code --rootdir}) and deploys them again at the
 * next start, before it deploys the jar's own copy: a restart on a reused root directory deployed
 * Atelier twice (ready, then down while the second copy replaced the first, its run workers started
 * twice). The jar's application is the only one it runs, so the launcher forgets the previous
 * start's deployments (the configuration that lists them and their unpacked copies) and keeps the
 * rest of the root directory, the unpacked runtime that makes a restart fast.
 *
 * <p>Payara Micro whose HTTP port is taken logs the bind failure and then hangs without serving;
 * the launcher checks the port first and exits with status 2 and a clear message instead.
 */
public final class AtelierLauncher {

  private AtelierLauncher() {}

  public static void main(String[] args) throws Exception {
    int port = httpPort(args);
    if (port > 0 && !free(port)) {
      System.err.println(
          "Atelier cannot start: port "
              + port
              + " is in use by another program. Stop that program or choose another port with"
              + " --port <n>.");
      System.exit(2);
    }
    Path root = rootDir(args);
    if (root != null) {
      forgetDeployments(root);
    }
    PayaraMicro.main(args);
  }

  /**
   * The HTTP port Payara Micro will bind: {@code --port}, else 8080; 0 when it picks one itself
   * ({@code --autoBindHttp}) or the value is not a number (Payara Micro reports that).
   */
  static int httpPort(String[] args) {
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      if ("--autobindhttp".equalsIgnoreCase(args[i])) {
        return 0;
      }
      if ("--port".equalsIgnoreCase(args[i]) && i + 1 < args.length) {
        try {
          port = Integer.parseInt(args[i + 1].trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return port;
  }

  /** Whether a listener can bind {@code port} on every address, as Payara Micro's does. */
  static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The value of {@code --rootdir} (Payara Micro takes any case), or null. */
  static Path rootDir(String[] args) {
    for (int i = 0; i < args.length - 1; i++) {
      if ("--rootdir".equalsIgnoreCase(args[i])) {
        return Path.of(args[i + 1]);
      }
    }
    return null;
  }

  /** Removes the deployments a previous start left in {@code root}; nothing else. */
  static void forgetDeployments(Path root) throws IOException {
    Files.deleteIfExists(root.resolve("config").resolve("domain.xml"));
    Files.deleteIfExists(root.resolve("config").resolve("domain.xml.bak"));
    Path applications = root.resolve("applications");
    if (Files.isDirectory(applications)) {
      Files.walkFileTree(
          applications,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    }
  }
}
