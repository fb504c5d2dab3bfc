package dev.atelier.core.accounts.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.web.Role;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;
import org.junit.jupiter.api.Test;

class SignInProvidersTest {

  @Test
  void readsGitHubGoogleAndOidcProvidersAndSkipsIncompleteOnes() {
    Map<String, String> v = new HashMap<>();
    v.put("atelier.auth.github.client-id", "gh");
    v.put("atelier.auth.github.api-url", "https://ghe.example/api/v3/");
    v.put("atelier.auth.google.client-id", "g");
    v.put("atelier.auth.oidc.providers", "Corp, broken, bad id, corp");
    v.put("atelier.auth.oidc.corp.issuer", "https://sso.corp.example/realms/main/");
    v.put("atelier.auth.oidc.corp.client-id", "atelier");
    v.put("atelier.auth.oidc.corp.scopes", "email groups");
    v.put("atelier.auth.oidc.corp.role-claim", "realm_access.roles");
    v.put("atelier.auth.oidc.corp.role-mapping", "ops=operator, boss=admin, x=king");
    v.put("atelier.auth.oidc.corp.allowed-domains", "Corp.Example");
    v.put("atelier.auth.oidc.broken.client-id", "no issuer");
    Map<String, SignInProvider> p = SignInProviders.read(new MapConfig(v));
    assertEquals(List.of("github", "google", "corp"), List.copyOf(p.keySet()));
    assertEquals("https://ghe.example/api/v3", p.get("github").apiUrl());
    assertEquals("https://accounts.google.com", p.get("google").issuer());
    // Google's ID tokens may name its issuer with or without the scheme; no other provider's
    assertEquals(
        Set.of("https://accounts.google.com", "accounts.google.com"), p.get("google").issuers());
    SignInProvider corp = p.get("corp");
    assertEquals("https://sso.corp.example/realms/main", corp.issuer());
    assertEquals(List.of("openid", "email", "groups"), corp.scopes());
    assertEquals(Set.of("https://sso.corp.example/realms/main"), corp.issuers());
    assertEquals(Map.of("ops", Role.OPERATOR, "boss", Role.ADMIN), corp.roleMapping());
    assertTrue(corp.allows("ann@corp.example"));
    assertFalse(corp.allows("ann@corp.example.evil"));
    assertFalse(corp.allows("ann@other.example"));

    Map<String, Object> claims =
        Map.of("realm_access", Map.of("roles", List.of("ops", "boss", "other")));
    assertEquals(Role.ADMIN, ProviderSignIn.mappedRole(corp, claims));
    assertEquals(
        Role.OPERATOR,
        ProviderSignIn.mappedRole(corp, Map.of("realm_access", Map.of("roles", "ops"))));
    assertEquals(Role.VIEWER, ProviderSignIn.mappedRole(corp, Map.of("realm_access", "ops")));
  }

  /** The few methods the reader calls, over a map. */
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
