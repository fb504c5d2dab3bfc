package dev.atelier.it;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.atelier.testkit.Accounts;
import dev.atelier.testkit.Accounts.Session;
import dev.atelier.testkit.Api;
import dev.atelier.testkit.AtelierServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployment across a restart (ADR 0021, 0024): the server stops while Cloudflare Pages holds its
 * asset upload; the next start resumes the deployment task, which asks again what is missing,
 * uploads it and creates the deployment once, and the deployment is ready.
 */
class DeploymentRestartIT {

  private static final List<String> ARGS = List.of("--nocluster");

  private static Map<String, String> env(WireMockServer cloudflare) {
    Map<String, String> env = new HashMap<>();
    env.put("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true");
    env.put("ATELIER_TASKS_SHUTDOWN_GRACE_SECONDS", "1");
    env.put("ATELIER_DEPLOYMENTS_POLL_MILLIS", "100");
    env.put("ATELIER_PLUGIN_DEPLOY_CLOUDFLARE_API_BASE", cloudflare.baseUrl() + "/client/v4");
    env.put("ATELIER_PLUGIN_DEPLOY_CLOUDFLARE_RETRY_DELAY_MILLIS", "50");
    return env;
  }

  @Test
  void aDeploymentInterruptedMidUploadIsResumedAfterARestart() throws Exception {
    WireMockServer cloudflare =
        new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    cloudflare.start();
    DeploymentsIT.stubCloudflare(cloudflare);
    // the upload is held long enough for the server to stop during it
    StubMapping held =
        cloudflare.stubFor(
            post(urlPathEqualTo("/client/v4/pages/assets/upload"))
                .atPriority(1)
                .withHeader("Authorization", equalTo("Bearer pages-jwt"))
                .willReturn(
                    DeploymentsIT.json(200, DeploymentsIT.cfOk("null")).withFixedDelay(60_000)));
    String db = AtelierServer.onPostgres() ? AtelierServer.createPgDatabase() : null;
    AtelierServer.Running first = null;
    AtelierServer.Running second = null;
    try {
      first = AtelierServer.launch("deploy-restart", env(cloudflare), ARGS, db);
      Session ada = Accounts.newUser(Api.at(first.baseUrl()), "deploy-restart");
      DeploymentsIT.cloudflareCredentials(ada);
      String site = DeploymentsIT.newProject(ada, "Pages Restart");
      DeploymentsIT.put(ada, site, "index.html", DeploymentsIT.INDEX);
      DeploymentsIT.put(ada, site, "assets/app.js", DeploymentsIT.APP);
      Api.Res res =
          ada.api()
              .post(
                  "/api/v1/deployments",
                  Map.of("project_id", site, "provider", "cloudflare", "target", "production"));
      assertEquals(202, res.status(), res.toString());
      String id = res.json().path("deployment_id").asText();
      String task = res.json().path("task_id").asText();
      DeploymentsIT.until(ada, id, "uploading");
      for (int i = 0;
          i < 600
              && cloudflare
                  .findAll(postRequestedFor(urlPathEqualTo("/client/v4/pages/assets/upload")))
                  .isEmpty();
          i++) {
        Thread.sleep(100);
      }
      first.stop();
      cloudflare.removeStub(held);

      second = AtelierServer.relaunch(first, env(cloudflare), ARGS, db);
      Session again = Accounts.login(Api.at(second.baseUrl()), ada.email(), Accounts.PASSWORD);
      JsonNode ready = DeploymentsIT.until(again, id, "ready", "error", "cancelled");
      assertEquals("ready", ready.path("status").asText(), ready.toString());
      assertEquals("https://cf-prod.pages-site.pages.dev", ready.path("url").asText());
      JsonNode t = DeploymentsIT.task(again, task);
      assertEquals("succeeded", t.path("status").asText(), t.toString());
      assertEquals(2, t.path("attempts").asInt(), t.toString());
      assertEquals(
          2,
          cloudflare
              .findAll(postRequestedFor(urlPathEqualTo("/client/v4/pages/assets/upload")))
              .size());
      assertEquals(
          1,
          cloudflare
              .findAll(postRequestedFor(urlPathEqualTo(DeploymentsIT.CF_PROJECT + "/deployments")))
              .size());
    } finally {
      if (second != null) {
        second.stop();
      } else if (first != null) {
        first.stop();
      }
      cloudflare.stop();
      if (db != null) {
        AtelierServer.dropPgDatabase(db);
      }
    }
  }
}
