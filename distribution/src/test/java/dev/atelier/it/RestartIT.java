package dev.atelier.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Restarting on the same Payara root directory, the normal case (the README's command and {@code
 * bin/atelier} reuse one): the application is deployed once per start, so once ready it stays
 * ready, and the data of the first start is there.
 */
class RestartIT {

  private static final Pattern READY = Pattern.compile("Atelier \\S+ ready in");

  @Test
  void aRestartOnAReusedRootDirectoryDeploysOnceAndStaysReady() throws Exception {
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    List<String> args = List.of("--nocluster");
    AtelierServer.Running first = AtelierServer.launch("restart", Map.of(), args, db);
    AtelierServer.Running second = null;
    try {
      Session ada = Accounts.newUser(Api.at(first.baseUrl()), "restart");
      first.stop();
      assertEquals(1, readyLines(first), "the first start");

      second = AtelierServer.relaunch(first, Map.of(), args, db);
      List<String> seen = new ArrayList<>();
      // from the first "ready" on, readiness and sign-in hold for 20 s
      long until = System.nanoTime() + 20_000_000_000L;
      while (System.nanoTime() < until) {
        Api anon = Api.at(second.baseUrl()); // an address of its own: no sign-in limit
        Api.Res ready = anon.get("/health/ready", "application/json", false);
        Api.Res login =
            anon.post(
                "/api/v1/auth/login", Map.of("email", ada.email(), "password", Accounts.PASSWORD));
        seen.add(ready.status() + "/" + login.status());
        Thread.sleep(250);
      }
      assertTrue(seen.stream().allMatch("200/200"::equals), "readiness/sign-in: " + seen);
      assertEquals(1, readyLines(second), "one deployment in the second start");
    } finally {
      if (second != null) {
        second.stop();
      }
      if (db != null) {
        AtelierServer.dropPgDatabase(db);
      }
    }
  }

  private static long readyLines(AtelierServer.Running r) throws Exception {
    return Files.readAllLines(AtelierServer.latestLog(r.work())).stream()
        .filter(l -> READY.matcher(l).find())
        .count();
  }
}
