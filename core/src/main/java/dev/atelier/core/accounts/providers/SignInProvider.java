package dev.atelier.core.accounts.providers;

import dev.atelier.plugin.api.web.Role;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One configured sign-in provider: GitHub (an OAuth app), Google or another OpenID Connect
 * provider. Its URLs come from the operator, so they are called whatever address they name.
 *
 * @param id the provider's id in paths ({@code github}, {@code google}, or an OIDC provider's id)
 * @param kind {@code github}, {@code google} or {@code oidc}
 * @param issuer the OIDC issuer (discovery at {@code <issuer>/.well-known/openid-configuration})
 * @param authorizeUrl GitHub's authorize URL
 * @param tokenUrl GitHub's token URL
 * @param apiUrl GitHub's API base URL
 * @param roleClaim a claim path (dots between names) in the ID token and UserInfo merged
 * @param roleMapping claim values to workspace roles
 * @param defaultRole the role of a member when no claim value maps (also without a claim)
 * @param allowedDomains e-mail domains that may sign in (empty: any)
 * @param allowedEmails e-mail addresses that may sign in besides the domains
 * @param tenant the workspace (id or slug) a sign-in joins, with the mapped role; null for none
 * @param autoRegister whether a new address gets an account when registration is closed
 */
record SignInProvider(
    String id,
    String name,
    String kind,
    String clientId,
    String clientSecret,
    String issuer,
    String authorizeUrl,
    String tokenUrl,
    String apiUrl,
    List<String> scopes,
    String roleClaim,
    Map<String, Role> roleMapping,
    Role defaultRole,
    List<String> allowedDomains,
    List<String> allowedEmails,
    String tenant,
    boolean autoRegister) {

  boolean github() {
    return "github".equals(kind);
  }

  /**
   * The issuers an ID token of this provider may name: the configured one and, for Google, the same
   * without its scheme ({@code accounts.google.com}), which Google documents as a valid {@code
   * iss}.
   */
  Set<String> issuers() {
    if (!"google".equals(kind) || !issuer.contains("://")) {
      return Set.of(issuer);
    }
    return Set.of(issuer, issuer.substring(issuer.indexOf("://") + 3));
  }

  /** Whether {@code email} (normalized) may sign in through this provider. */
  boolean allows(String email) {
    if (allowedDomains.isEmpty() && allowedEmails.isEmpty()) {
      return true;
    }
    String e = email.toLowerCase(Locale.ROOT);
    if (allowedEmails.contains(e)) {
      return true;
    }
    int at = e.lastIndexOf('@');
    return at > 0 && allowedDomains.contains(e.substring(at + 1));
  }
}
