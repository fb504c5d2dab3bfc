package dev.atelier.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.client.api.AgentsApi;
import dev.atelier.client.api.ApiKeysApi;
import dev.atelier.client.api.AuthApi;
import dev.atelier.client.api.ModelProvidersApi;
import dev.atelier.client.api.ProjectsApi;
import dev.atelier.client.api.RunsApi;
import dev.atelier.client.api.UsersApi;
import dev.atelier.client.model.AgentSource;
import dev.atelier.client.model.CreateApiKey;
import dev.atelier.client.model.CreateProject;
import dev.atelier.client.model.CreatedApiKey;
import dev.atelier.client.model.LoginRequest;
import dev.atelier.client.model.LoginResponse;
import dev.atelier.client.model.Problem;
import dev.atelier.client.model.ProjectPage;
import dev.atelier.client.model.ProjectView;
import dev.atelier.client.model.PutCredentials;
import dev.atelier.client.model.RegisterRequest;
import dev.atelier.client.model.RunStarted;
import dev.atelier.client.model.RunView;
import dev.atelier.client.model.StartRun;
import dev.atelier.client.model.UpdateProject;
import dev.atelier.testkit.AtelierServer;
import dev.atelier.testkit.FakeUpstream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's Java quickstart, run with the generated client against a started server (the built
 * {@code atelier.jar}) whose bundled OpenAI-compatible provider is pointed at a loopback fake that
 * streams the real wire format: register, sign in, a project created, listed, renamed and deleted
 * (the 204), typed problems on 404 and 422, an API key used on its own, and a run started and
 * polled to its answer.
 */
class QuickstartIT {

  private static FakeUpstream provider;
  private static AtelierServer.Running server;

  @BeforeAll
  static void start() throws Exception {
    provider = FakeUpstream.start();
    server =
        AtelierServer.launch(
            "quickstart-java",
            Map.of("ATELIER_OUTBOUND_ALLOW_PRIVATE", "true"),
            List.of("--nocluster"),
            null);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (provider != null) {
      provider.close();
    }
  }

  /** A client of the server signed in with {@code bearer}, or anonymous when it is null. */
  private static ApiClient client(String bearer) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(server.baseUrl());
    if (bearer != null) {
      client.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + bearer));
    }
    return client;
  }

  @Test
  void quickstart() throws Exception {
    // register and sign in
    String email = "quickstart-" + UUID.randomUUID() + "@example.com";
    AuthApi auth = new AuthApi(client(null));
    auth.registerUser(
        new RegisterRequest().email(email).password("a long password 42").name("Ada"), null);
    LoginResponse tokens =
        auth.loginUser(new LoginRequest().email(email).password("a long password 42"));
    assertEquals(false, tokens.getMfaRequired());
    assertEquals("bearer", tokens.getTokenType().toLowerCase(java.util.Locale.ROOT));
    ApiClient ada = client(tokens.getAccessToken());
    assertEquals(email, new UsersApi(ada).getCurrentUser().getUser().getEmail());

    // projects: create, list, update, delete (204: nothing to parse)
    ProjectsApi projects = new ProjectsApi(ada);
    ProjectView created =
        projects.createProject(
            new CreateProject().name("Quickstart").description("From the Java client"), null);
    assertEquals("Quickstart", created.getName());
    ProjectPage page = projects.listProjects(null, 20, 0);
    assertTrue(page.getTotal() >= 1);
    assertTrue(
        page.getItems().stream().anyMatch(p -> p.getId().equals(created.getId())), page.toString());
    ProjectView renamed =
        projects.updateProject(
            created.getId().toString(), new UpdateProject().name("Quickstart renamed"));
    assertEquals("Quickstart renamed", renamed.getName());
    projects.deleteProject(created.getId().toString());

    // typed problems: 404 and 422
    ApiException gone =
        assertThrows(ApiException.class, () -> projects.getProject(created.getId().toString()));
    assertEquals(404, gone.getCode());
    Problem notFound = Problems.of(gone).orElseThrow();
    assertEquals(404, notFound.getStatus());
    assertEquals("not_found", notFound.getCode());
    ApiException invalid =
        assertThrows(
            ApiException.class, () -> projects.createProject(new CreateProject().name(""), null));
    assertEquals(422, invalid.getCode());
    Problem unprocessable = Problems.of(invalid).orElseThrow();
    assertEquals("validation_error", unprocessable.getCode());
    assertFalse(unprocessable.getErrors().isEmpty());
    assertEquals("name", unprocessable.getErrors().get(0).getField());

    // an API key, used by a client of its own
    CreatedApiKey key =
        new ApiKeysApi(ada).createApiKey(new CreateApiKey().name("quickstart"), null);
    assertNotNull(key.getKey());
    ProjectView byKey =
        new ProjectsApi(client(key.getKey()))
            .createProject(new CreateProject().name("Made with a key"), null);
    assertEquals("Made with a key", byKey.getName());

    // a run against the fake provider, started and polled
    provider.reply(FakeUpstream.Reply.openAiAnswer("Hello from the fake model"));
    new ModelProvidersApi(ada)
        .putModelProviderCredentials(
            "openai", new PutCredentials().apiKey("sk-test").baseUrl(provider.url() + "/v1"));
    new AgentsApi(ada)
        .createAgent(
            new AgentSource()
                .format("yaml")
                .content(
                    "name: greeter\ndescription: Greets\nmodel: openai:fake-1\n"
                        + "instructions: Be brief.\ntools: []\n"),
            null);
    RunsApi runs = new RunsApi(ada);
    RunStarted started = runs.startRun(new StartRun().agent("greeter").message("Hi"), null);
    RunView run = runs.getRun(started.getRunId().toString());
    Set<String> finished = Set.of("succeeded", "failed", "cancelled");
    for (int i = 0; i < 300 && !finished.contains(run.getStatus()); i++) {
      Thread.sleep(100);
      run = runs.getRun(started.getRunId().toString());
    }
    assertEquals("succeeded", run.getStatus(), run.toString());
    assertEquals("Hello from the fake model", run.getOutput());
    assertNull(run.getErrorCode());
    assertEquals(
        "/v1/chat/completions", provider.lastRequest().path(), provider.requests().toString());
  }
}
