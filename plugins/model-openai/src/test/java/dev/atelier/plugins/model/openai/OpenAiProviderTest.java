package dev.atelier.plugins.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.PluginConfig;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.model.ModelCredentials;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.testkit.FakeUpstream;
import dev.atelier.testkit.FakeUpstream.Reply;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The extension: its identity, and which base URL it calls with which credentials. */
class OpenAiProviderTest {

  /** The host's context as a plugin sees it outside of a call: configuration, no session. */
  private static PluginContext context(Map<String, String> config) {
    return new PluginContext() {
      @Override
      public String pluginId() {
        return "model-openai";
      }

      @Override
      public String apiVersion() {
        return "1.0.0";
      }

      @Override
      public PluginConfig config() {
        return name -> Optional.ofNullable(config.get(name));
      }

      @Override
      public Logger logger() {
        return Logger.getLogger("model-openai");
      }

      @Override
      public PluginSession session() {
        throw new IllegalStateException("no session outside of a call");
      }

      @Override
      public <T> T inTenant(String tenantId, Function<PluginSession, T> work) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private static ModelRequest hello() {
    return new ModelRequest("gpt-4o-mini", List.of(ModelMessage.user("Hi")), null, null, null);
  }

  @Test
  void describesItself() {
    OpenAiProvider provider = new OpenAiProvider(context(Map.of()));
    assertEquals("openai", provider.id());
    assertEquals("OpenAI-compatible", provider.displayName());
    assertTrue(provider.acceptsBaseUrl());
  }

  @Test
  void callsTheServerDefaultWithoutABaseUrlAndTheTenantsOneWithIt() throws Exception {
    try (FakeUpstream operator = FakeUpstream.start();
        FakeUpstream tenant = FakeUpstream.start()) {
      String events = OpenAiClientTest.fixture("text.sse");
      operator.reply(Reply.eventStream(events));
      tenant.reply(Reply.eventStream(events));
      OpenAiProvider provider =
          new OpenAiProvider(
              context(Map.of("base-url", operator.url() + "/v1", "timeout-seconds", "5")));

      provider.complete(new ModelCredentials("sk-a", null), hello(), StreamHandler.NONE);
      provider.complete(
          new ModelCredentials("sk-b", tenant.url() + "/api/v1"), hello(), StreamHandler.NONE);

      assertEquals("/v1/chat/completions", operator.lastRequest().path());
      assertEquals("Bearer sk-a", operator.lastRequest().header("Authorization"));
      assertEquals("/api/v1/chat/completions", tenant.lastRequest().path());
      assertEquals("Bearer sk-b", tenant.lastRequest().header("Authorization"));
    }
  }
}
