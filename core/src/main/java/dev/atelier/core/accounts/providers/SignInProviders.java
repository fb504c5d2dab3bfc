package dev.atelier.core.accounts.providers;

import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The sign-in providers the operator configured (see docs/operations.md): {@code
 * atelier.auth.github.*}, {@code atelier.auth.google.*} and, for each id in {@code
 * atelier.auth.oidc.providers}, {@code atelier.auth.oidc.<id>.*}; each key can be set by its
 * environment variable ({@code ATELIER_AUTH_OIDC_CORP_ISSUER}). A provider without a client id, or
 * an OIDC provider without an issuer, is off. Read once, at first use.
 */
@ApplicationScoped
public class SignInProviders {

  private static final Logger LOG = Logger.getLogger(SignInProviders.class.getName());
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private volatile Map<String, SignInProvider> providers;

  /** The enabled providers, in configuration order (GitHub, Google, then the OIDC ones). */
  public List<SignInProvider> all() {
    return List.copyOf(load().values());
  }

  /** The provider {@code id}, when enabled. */
  Optional<SignInProvider> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(load().get(id));
  }

  /** The ids of the enabled providers (for the server's public configuration). */
  public List<String> ids() {
    return List.copyOf(load().keySet());
  }

  private Map<String, SignInProvider> load() {
    Map<String, SignInProvider> loaded = providers;
    if (loaded == null) {
      loaded = read(ConfigProvider.getConfig());
      providers = loaded;
    }
    return loaded;
  }

  static Map<String, SignInProvider> read(Config config) {
    Map<String, SignInProvider> out = new LinkedHashMap<>();
    Settings gh = new Settings(config, "atelier.auth.github.");
    if (gh.value("client-id") != null) {
      out.put(
          "github",
          gh.provider(
              "github",
              "github",
              "GitHub",
              null,
              trimSlash(gh.value("authorize-url", "https://github.com/login/oauth/authorize")),
              trimSlash(gh.value("token-url", "https://github.com/login/oauth/access_token")),
              trimSlash(gh.value("api-url", "https://api.github.com")),
              "read:user user:email"));
    }
    Settings google = new Settings(config, "atelier.auth.google.");
    if (google.value("client-id") != null) {
      out.put(
          "google",
          google.provider(
              "google",
              "google",
              "Google",
              trimSlash(google.value("issuer", "https://accounts.google.com")),
              null,
              null,
              null,
              "openid email profile"));
    }
    for (String raw : list(config.getOptionalValue("atelier.auth.oidc.providers", String.class))) {
      String id = raw.toLowerCase(Locale.ROOT);
      if (!ID.matcher(id).matches() || out.containsKey(id)) {
        LOG.warning("Sign-in provider id '" + raw + "' is not usable (a-z, 0-9, -; unique)");
        continue;
      }
      Settings s = new Settings(config, "atelier.auth.oidc." + id + ".");
      String issuer = s.value("issuer");
      if (issuer == null || s.value("client-id") == null) {
        LOG.warning("Sign-in provider '" + id + "' needs an issuer and a client id; it is off");
        continue;
      }
      out.put(
          id,
          s.provider(id, "oidc", id, trimSlash(issuer), null, null, null, "openid email profile"));
    }
    return out;
  }

  private static String trimSlash(String url) {
    String u = url.trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    return u;
  }

  private static List<String> list(Optional<String> value) {
    return value.stream()
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .distinct()
        .toList();
  }

  /** The keys under one prefix. */
  private record Settings(Config config, String prefix) {

    String value(String key) {
      return config
          .getOptionalValue(prefix + key, String.class)
          .map(String::trim)
          .filter(v -> !v.isEmpty())
          .orElse(null);
    }

    String value(String key, String fallback) {
      String v = value(key);
      return v == null ? fallback : v;
    }

    List<String> lower(String key) {
      return list(Optional.ofNullable(value(key))).stream()
          .map(v -> v.toLowerCase(Locale.ROOT))
          .toList();
    }

    SignInProvider provider(
        String id,
        String kind,
        String defaultName,
        String issuer,
        String authorizeUrl,
        String tokenUrl,
        String apiUrl,
        String defaultScopes) {
      Map<String, Role> mapping = new LinkedHashMap<>();
      for (String entry : list(Optional.ofNullable(value("role-mapping")))) {
        int eq = entry.lastIndexOf('=');
        Optional<Role> role =
            eq > 0
                ? Role.parse(entry.substring(eq + 1).trim().toLowerCase(Locale.ROOT))
                : Optional.empty();
        if (role.isEmpty()) {
          LOG.warning("Sign-in provider '" + id + "': role mapping '" + entry + "' is ignored");
          continue;
        }
        mapping.put(entry.substring(0, eq).trim(), role.get());
      }
      Role defaultRole =
          Role.parse(value("default-role", "viewer").toLowerCase(Locale.ROOT)).orElse(Role.VIEWER);
      List<String> scopes =
          new ArrayList<>(Arrays.asList(value("scopes", defaultScopes).split("[ ,]+")));
      if (!"github".equals(kind) && !scopes.contains("openid")) {
        scopes.add(0, "openid");
      }
      return new SignInProvider(
          id,
          value("name", defaultName),
          kind,
          value("client-id"),
          value("client-secret", ""),
          issuer,
          authorizeUrl,
          tokenUrl,
          apiUrl,
          List.copyOf(scopes),
          value("role-claim"),
          Map.copyOf(mapping),
          defaultRole,
          lower("allowed-domains"),
          lower("allowed-emails"),
          value("tenant"),
          Boolean.parseBoolean(value("auto-register", "false")));
    }
  }
}
