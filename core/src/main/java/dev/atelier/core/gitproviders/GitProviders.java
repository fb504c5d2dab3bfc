package dev.atelier.core.gitproviders;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.features.Features;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.core.plugins.Extensions.Provided;
import dev.atelier.core.security.MasterKey;
import dev.atelier.plugin.api.git.GitAccount;
import dev.atelier.plugin.api.git.GitAuthorization;
import dev.atelier.plugin.api.git.GitConnection;
import dev.atelier.plugin.api.git.GitCredentials;
import dev.atelier.plugin.api.git.GitException;
import dev.atelier.plugin.api.git.GitProvider;
import dev.atelier.plugin.api.git.GitRepositoryPage;
import dev.atelier.plugin.api.git.GitToken;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each user's connections to the git hosts of the started plugins, per workspace. Tokens are sealed
 * with the master key, bound to the connection; an access token that expires within a minute is
 * refreshed first, under a row lock, so two racing refreshes leave one valid token (the second sees
 * the version the first wrote and uses its token).
 */
@ApplicationScoped
public class GitProviders {

  private static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Inject Extensions extensions;
  @Inject Transactions tx;
  @Inject MasterKey masterKey;
  @Inject Audit audit;
  @Inject Features features;

  /** What git host calls are given: the provider's work, which may throw {@link GitException}. */
  @FunctionalInterface
  interface HostCall<T> {
    T call(GitProvider provider) throws GitException;
  }

  /** Every provider of a started plugin, by id; the first loaded wins a shared id. */
  public List<Provided<GitProvider>> all() {
    Map<String, Provided<GitProvider>> byId = new LinkedHashMap<>();
    for (Provided<GitProvider> p : extensions.all(GitProvider.class)) {
      byId.putIfAbsent(p.extension().id(), p);
    }
    return List.copyOf(byId.values());
  }

  /** The providers of plugins the workspace has switched on. */
  List<Provided<GitProvider>> all(String tenantId) {
    return all().stream().filter(p -> enabled(tenantId, p)).toList();
  }

  /** Whether the workspace has switched the provider's plugin on. */
  public boolean enabled(String tenantId, Provided<GitProvider> p) {
    return features.enabled(tenantId, p.pluginId());
  }

  /** Provider {@code id} of a plugin switched on for the workspace; 404 when there is none. */
  public Provided<GitProvider> provider(String tenantId, String id) {
    return all(tenantId).stream()
        .filter(p -> p.extension().id().equals(id))
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("The git provider"));
  }

  /** The providers and the caller's connection to each. */
  public ProviderList list(String tenantId, String userId) {
    return tx.readInTenant(
        tenantId,
        em ->
            new ProviderList(
                all(tenantId).stream()
                    .map(
                        p -> {
                          ProviderConnection c = find(em, userId, p.extension().id());
                          boolean connected =
                              c != null && ProviderConnection.CONNECTED.equals(c.status());
                          return new ProviderView(
                              p.extension().id(),
                              p.extension().displayName(),
                              p.extension().oauthConfigured(),
                              connected,
                              connected ? c.accountLogin() : null);
                        })
                    .toList()));
  }

  private static ProviderConnection find(EntityManager em, String userId, String provider) {
    return em.createQuery(
            "SELECT c FROM ProviderConnection c WHERE c.userId = :u AND c.provider = :p",
            ProviderConnection.class)
        .setParameter("u", userId)
        .setParameter("p", provider)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  private <T> T call(String tenantId, Provided<GitProvider> p, HostCall<T> work) {
    return extensions.inSession(
        p.pluginId(),
        tenantId,
        session -> {
          try {
            return work.call(p.extension());
          } catch (GitException e) {
            throw problem(e);
          }
        });
  }

  static ProblemException problem(GitException e) {
    String code = e.code() == null ? "git_provider_unavailable" : e.code();
    return switch (code) {
      case "git_auth_failed" ->
          new ApiException(422, code, "Git host refused the token", e.getMessage());
      case "git_not_found" -> new ApiException(404, code, "Not found", e.getMessage());
      case "git_request_refused" ->
          new ApiException(422, code, "Git host refused the request", e.getMessage());
      case "git_rate_limited" -> new ApiException(503, code, "Git host rate limit", e.getMessage());
      default ->
          new ApiException(502, "git_provider_unavailable", "Git host unavailable", e.getMessage());
    };
  }

  /**
   * Starts an OAuth authorization for the caller: keeps the hash of a fresh state (which names the
   * workspace) and the sealed PKCE verifier, and answers the host's authorize URL.
   */
  public String authorize(String tenantId, String userId, String providerId, String redirectUri) {
    Provided<GitProvider> p = provider(tenantId, providerId);
    if (!p.extension().oauthConfigured()) {
      throw new ApiException(
          409,
          "git_oauth_not_configured",
          "OAuth not configured",
          "The server has no OAuth client for " + providerId + "; connect with a token.");
    }
    String state = tenantId + "." + random();
    String verifier = random() + random();
    String url =
        call(
            tenantId,
            p,
            g -> g.authorizeUrl(new GitAuthorization(redirectUri, state, challenge(verifier))));
    Transactions.retryOnUniqueViolation(
        2,
        () -> ApiException.conflict("conflict", "The connection is being changed concurrently."),
        () ->
            tx.inTenant(
                tenantId,
                em -> {
                  ProviderConnection c = find(em, userId, providerId);
                  if (c == null) {
                    c = new ProviderConnection(userId, providerId);
                    em.persist(c);
                  }
                  c.pending(
                      masterKey.keyedHash(state),
                      masterKey.encrypt(verifier, context(tenantId, c.id(), "verifier")));
                  return null;
                }));
    return url;
  }

  /**
   * Completes an OAuth authorization: finds the pending one by its state, exchanges the code with
   * its verifier and keeps the tokens; 400 {@code invalid_state} for a state it does not know.
   */
  public ConnectionView callback(String providerId, String state, String code, String redirect) {
    int dot = state.indexOf('.');
    if (dot <= 0) {
      throw invalidState();
    }
    String tenantId = state.substring(0, dot);
    Provided<GitProvider> p = provider(tenantId, providerId);
    String hash = masterKey.keyedHash(state);
    ProviderConnection pending;
    try {
      pending =
          tx.readInTenant(
              tenantId,
              em ->
                  em.createQuery(
                          "SELECT c FROM ProviderConnection c WHERE c.stateHash = :h"
                              + " AND c.provider = :p",
                          ProviderConnection.class)
                      .setParameter("h", hash)
                      .setParameter("p", providerId)
                      .getResultStream()
                      .findFirst()
                      .orElse(null));
    } catch (RuntimeException e) {
      throw invalidState();
    }
    if (pending == null) {
      throw invalidState();
    }
    String verifier =
        masterKey.decrypt(pending.verifierSealed(), context(tenantId, pending.id(), "verifier"));
    GitToken token = call(tenantId, p, g -> g.exchangeCode(code, verifier, redirect));
    GitAccount account =
        call(tenantId, p, g -> g.account(new GitConnection(token.accessToken(), null)));
    tx.inTenantDo(
        tenantId,
        em -> {
          ProviderConnection c = em.find(ProviderConnection.class, pending.id());
          if (c == null) {
            throw invalidState();
          }
          store(tenantId, c, token, account.login());
        });
    return new ConnectionView(providerId, account.login());
  }

  private static ApiException invalidState() {
    return new ApiException(
        400, "invalid_state", "Bad request", "The authorization is unknown or was used already.");
  }

  /** Connects the caller with a personal access token, checked against the host first. */
  public ConnectionView connectToken(
      String tenantId, String userId, String providerId, String token) {
    Provided<GitProvider> p = provider(tenantId, providerId);
    GitAccount account = call(tenantId, p, g -> g.account(new GitConnection(token, null)));
    Transactions.retryOnUniqueViolation(
        2,
        () -> ApiException.conflict("conflict", "The connection is being changed concurrently."),
        () ->
            tx.inTenant(
                tenantId,
                em -> {
                  ProviderConnection c = find(em, userId, providerId);
                  if (c == null) {
                    c = new ProviderConnection(userId, providerId);
                    em.persist(c);
                  }
                  store(tenantId, c, new GitToken(token, null, null), account.login());
                  audit.record(em, "git_provider.connected", "git_provider", providerId, null);
                  return null;
                }));
    return new ConnectionView(providerId, account.login());
  }

  private void store(String tenantId, ProviderConnection c, GitToken t, String login) {
    c.connected(
        masterKey.encrypt(t.accessToken(), context(tenantId, c.id(), "access")),
        t.refreshToken() == null
            ? null
            : masterKey.encrypt(t.refreshToken(), context(tenantId, c.id(), "refresh")),
        t.expiresAt(),
        login);
  }

  /** Removes the caller's connection; 404 when there is none. */
  public void disconnect(String tenantId, String userId, String providerId) {
    provider(tenantId, providerId);
    tx.inTenantDo(
        tenantId,
        em -> {
          ProviderConnection c = find(em, userId, providerId);
          if (c == null || !ProviderConnection.CONNECTED.equals(c.status())) {
            throw ProblemException.notFound("The connection");
          }
          em.remove(c);
          audit.record(em, "git_provider.disconnected", "git_provider", providerId, null);
        });
  }

  /** The repositories the caller's connection sees. */
  public RepoPage repos(
      String tenantId, String userId, String providerId, String q, int limit, int offset) {
    Provided<GitProvider> p = provider(tenantId, providerId);
    GitConnection c = connection(tenantId, userId, p);
    GitRepositoryPage page = call(tenantId, p, g -> g.repositories(c, q, limit, offset));
    return new RepoPage(
        page.items().stream().map(RepoView::of).toList(), limit, offset, page.hasMore());
  }

  /** The credentials git sends with the caller's connection to {@code providerId}. */
  public GitCredentials credentials(String tenantId, String userId, String providerId) {
    Provided<GitProvider> p = provider(tenantId, providerId);
    GitConnection c = connection(tenantId, userId, p);
    return call(tenantId, p, g -> g.credentials(c));
  }

  /**
   * Opens a pull (or merge) request of {@code head} into {@code base} of repository {@code repo}
   * with the user's connection to {@code providerId}.
   */
  public dev.atelier.plugin.api.git.GitPullRequest openPullRequest(
      String tenantId,
      String userId,
      String providerId,
      String repo,
      String head,
      String base,
      String title,
      String body) {
    Provided<GitProvider> p = provider(tenantId, providerId);
    GitConnection c = connection(tenantId, userId, p);
    return call(tenantId, p, g -> g.openPullRequest(c, repo, head, base, title, body));
  }

  /** Checks that the user has a connection to {@code providerId}; 409 when not. */
  public void requireConnected(String tenantId, String userId, String providerId) {
    provider(tenantId, providerId);
    ProviderConnection c = tx.readInTenant(tenantId, em -> find(em, userId, providerId));
    if (c == null || !ProviderConnection.CONNECTED.equals(c.status())) {
      throw notConnected(providerId);
    }
  }

  private static ApiException notConnected(String providerId) {
    return new ApiException(
        409,
        "git_not_connected",
        "Not connected",
        "Connect to "
            + providerId
            + " first (POST /api/v1/git-providers/"
            + providerId
            + "/connect).");
  }

  /**
   * The live connection of the user, its access token refreshed first when it expires within a
   * minute.
   */
  GitConnection connection(String tenantId, String userId, Provided<GitProvider> p) {
    String providerId = p.extension().id();
    ProviderConnection c = tx.readInTenant(tenantId, em -> find(em, userId, providerId));
    if (c == null || !ProviderConnection.CONNECTED.equals(c.status())) {
      throw notConnected(providerId);
    }
    boolean due =
        c.expiresAt() != null
            && c.refreshSealed() != null
            && c.expiresAt().isBefore(Times.now().plus(REFRESH_AHEAD));
    if (!due) {
      return open(tenantId, c);
    }
    return tx.inTenant(
        tenantId,
        em -> {
          ProviderConnection locked =
              em.find(ProviderConnection.class, c.id(), LockModeType.PESSIMISTIC_WRITE);
          if (locked == null) {
            throw notConnected(providerId);
          }
          if (locked.version() != c.version()) {
            // another refresher won: its token is the valid one
            return open(tenantId, locked);
          }
          String refresh =
              masterKey.decrypt(locked.refreshSealed(), context(tenantId, c.id(), "refresh"));
          GitToken fresh;
          try {
            fresh = call(tenantId, p, g -> g.refresh(refresh));
          } catch (ProblemException e) {
            if ("git_auth_failed".equals(e.code())) {
              throw new ApiException(
                  409,
                  "git_connection_expired",
                  "Connection expired",
                  "The host refused to refresh the connection; connect again.");
            }
            throw e;
          }
          GitToken kept =
              fresh.refreshToken() == null
                  ? new GitToken(fresh.accessToken(), refresh, fresh.expiresAt())
                  : fresh;
          store(tenantId, locked, kept, locked.accountLogin());
          return new GitConnection(kept.accessToken(), null);
        });
  }

  private GitConnection open(String tenantId, ProviderConnection c) {
    return new GitConnection(
        masterKey.decrypt(c.accessSealed(), context(tenantId, c.id(), "access")), null);
  }

  static String context(String tenantId, String connectionId, String what) {
    return "git-connection:" + tenantId + ":" + connectionId + ":" + what;
  }

  private static String random() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String challenge(String verifier) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a provider id is offered (for validation). */
  Optional<Provided<GitProvider>> find(String id) {
    return all().stream().filter(p -> p.extension().id().equals(id)).findFirst();
  }
}
