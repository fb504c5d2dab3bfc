package dev.atelier.core.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class AtelierConfigTest {

  @Test
  void aListSettingIsTrimmedWithoutEmptyEntriesOrRepeats() {
    AtelierConfig config =
        of(
            Map.of(
                "atelier.plugins.disabled", " slack-bot, ,billing-stripe,slack-bot,",
                "atelier.http.trusted-proxies", "10.0.0.0/8 ,  127.0.0.1",
                "atelier.mcp.allowed-origins", "https://a.example"));
    assertEquals(Set.of("slack-bot", "billing-stripe"), config.disabledPlugins());
    assertEquals(List.of("10.0.0.0/8", "127.0.0.1"), config.trustedProxies());
    assertEquals(List.of("https://a.example"), config.mcpAllowedOrigins());
  }

  @Test
  void anUnsetOrBlankListSettingIsEmpty() {
    AtelierConfig config = of(Map.of("atelier.http.websocket-origins", " , "));
    assertEquals(List.of(), config.websocketOrigins());
    assertEquals(Set.of(), config.disabledPlugins());
    assertEquals(List.of(), config.mcpAllowedOrigins());
  }

  private static AtelierConfig of(Map<String, String> values) {
    return new AtelierConfig(new MapConfig(values));
  }

  /** The few methods {@link AtelierConfig} calls, over a map. */
  private record MapConfig(Map<String, String> values) implements Config {

    @Override
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
      return Optional.ofNullable(values.get(name)).map(type::cast);
    }

    @Override
    public <T> T getValue(String name, Class<T> type) {
      return getOptionalValue(name, type).orElseThrow();
    }

    @Override
    public ConfigValue getConfigValue(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Iterable<String> getPropertyNames() {
      return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
      return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> type) {
      return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      throw new UnsupportedOperationException();
    }
  }
}
