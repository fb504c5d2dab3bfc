package dev.atelier.plugins.model.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** The extension: its identity, and the server's settings it calls with. */
class AnthropicProviderTest {

  /** The host's context as a plugin sees it outside of a call: configuration, no session. */
  private static PluginContext context(Map<String, String> config) {
    return new PluginContext() {
      @Override
      public String pluginId() {
        return "model-anthropic";
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
        return Logger.getLogger("model-anthropic");
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

  @Test
  void describesItself() {
    AnthropicProvider provider = new AnthropicProvider(context(Map.of()));
    assertEquals("anthropic", provider.id());
    assertEquals("Anthropic", provider.displayName());
    assertFalse(provider.acceptsBaseUrl());
  }

  @Test
  void callsTheConfiguredBaseUrlWithTheConfiguredMaxTokens() throws Exception {
    try (FakeUpstream proxy = FakeUpstream.start()) {
      proxy.reply(Reply.eventStream(AnthropicClientTest.fixture("text.sse")));
      AnthropicProvider provider =
          new AnthropicProvider(
              context(
                  Map.of(
                      "base-url", proxy.url() + "/anthropic",
                      "timeout-seconds", "5",
                      "max-tokens", "777")));

      provider.complete(
          new ModelCredentials("sk-ant-x", null),
          new ModelRequest(
              "claude-3-5-haiku-latest", List.of(ModelMessage.user("Hi")), null, null, null),
          StreamHandler.NONE);

      assertEquals("/anthropic/v1/messages", proxy.lastRequest().path());
      assertEquals("sk-ant-x", proxy.lastRequest().header("x-api-key"));
      assertEquals(true, proxy.lastRequest().body().contains("\"max_tokens\":777"));
    }
  }
}
