package dev.atelier.plugins.slack;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.data.Times;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.persistence.EntityManager;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules of a workspace's Slack bots: registration and changes (secrets kept as plugin secrets,
 * names unique), the OAuth install (a single-use state good for ten minutes, the code exchanged
 * with {@code oauth.v2.access}, the bot token stored), and removal with its secrets.
 */
final class SlackApps {

  static final int NAME_MAX = 100;
  static final int CLIENT_ID_MAX = 100;
  static final int SECRET_MAX = 200;
  static final int LABELS_MAX = 20;
  static final Pattern LABEL = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,31}$");
  static final Duration INSTALL_WINDOW = Duration.ofMinutes(10);

  /** The bot scopes an install asks for: mentions, direct messages, and posting answers. */
  static final String SCOPES = "app_mentions:read,chat:write,im:history,im:read";

  static final String CLIENT_SECRET = "client_secret";
  static final String SIGNING_SECRET = "signing_secret";
  static final String BOT_TOKEN = "bot_token";
  static final String REFRESH_TOKEN = "refresh_token";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PluginContext context;
  private final SlackApi api;
  private final String authorizeUrl;

  SlackApps(PluginContext context) {
    this.context = context;
    this.api = new SlackApi(context.config().get("api-base", SlackApi.DEFAULT_BASE));
    this.authorizeUrl =
        context.config().get("authorize-url", "https://slack.com/oauth/v2/authorize");
  }

  PluginContext context() {
    return context;
  }

  Page<SlackAppView> list(PluginSession s, PageRequest page) {
    return s.data()
        .read(
            em -> {
              List<SlackAppView> items =
                  em
                      .createQuery("SELECT a FROM SlackApp a ORDER BY a.name, a.id", SlackApp.class)
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(a -> SlackAppView.of(a, s.tenantId()))
                      .toList();
              long total =
                  em.createQuery("SELECT COUNT(a) FROM SlackApp a", Long.class).getSingleResult();
              return page.page(items, total);
            });
  }

  /** The events Slack delivered to bot {@code id}, newest first. */
  Page<SlackEventView> events(PluginSession s, String id, PageRequest page) {
    return s.data()
        .read(
            em -> {
              SlackApp app = find(em, id);
              List<SlackEventView> items =
                  em
                      .createQuery(
                          "SELECT e FROM SlackEvent e WHERE e.appId = :app"
                              + " ORDER BY e.receivedAt DESC, e.id",
                          SlackEvent.class)
                      .setParameter("app", app.id())
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(SlackEventView::of)
                      .toList();
              long total =
                  em.createQuery(
                          "SELECT COUNT(e) FROM SlackEvent e WHERE e.appId = :app", Long.class)
                      .setParameter("app", app.id())
                      .getSingleResult();
              return page.page(items, total);
            });
  }

  SlackAppView get(PluginSession s, String id) {
    return s.data().read(em -> SlackAppView.of(find(em, id), s.tenantId()));
  }

  SlackAppView create(PluginSession s, CreateSlackApp body) {
    Check check =
        Check.body(body)
            .text("name", body.name(), NAME_MAX)
            .text("client_id", body.clientId(), CLIENT_ID_MAX)
            .text("client_secret", body.clientSecret(), SECRET_MAX)
            .text("signing_secret", body.signingSecret(), SECRET_MAX)
            .required("agent_labels", body.agentLabels())
            .text("project_id", body.projectId(), 64)
            .optionalText("default_agent", body.defaultAgent(), 64)
            .optionalText("owner", body.owner(), 36);
    labels(check, body.agentLabels());
    check.done();
    String owner = owner(s, body.owner() == null ? callerId(s) : body.owner());
    String project = project(s, body.projectId());
    SlackApp app =
        new SlackApp(
            body.name().trim(),
            body.clientId().trim(),
            normalized(body.agentLabels()),
            project,
            blankToNull(body.defaultAgent()),
            owner,
            callerId(s));
    s.secrets().put(app.secret(CLIENT_SECRET), body.clientSecret().trim());
    s.secrets().put(app.secret(SIGNING_SECRET), body.signingSecret().trim());
    try {
      return s.data()
          .inTransaction(
              em -> {
                nameFree(em, app.name(), null);
                em.persist(app);
                em.flush();
                return SlackAppView.of(app, s.tenantId());
              });
    } catch (RuntimeException e) {
      forgetSecrets(s, app); // nothing of a refused bot stays
      throw s.data().isUniqueViolation(e) ? nameTaken() : e;
    }
  }

  SlackAppView update(PluginSession s, String id, UpdateSlackApp body) {
    Check check =
        Check.body(body)
            .optionalText("name", body.name(), NAME_MAX)
            .optionalText("client_id", body.clientId(), CLIENT_ID_MAX)
            .optionalText("client_secret", body.clientSecret(), SECRET_MAX)
            .optionalText("signing_secret", body.signingSecret(), SECRET_MAX)
            .optionalText("project_id", body.projectId(), 64)
            .that(
                body.defaultAgent() == null || body.defaultAgent().length() <= 64,
                "default_agent",
                "at most 64 characters")
            .optionalText("owner", body.owner(), 36);
    if (body.agentLabels() != null) {
      labels(check, body.agentLabels());
    }
    check.done();
    String owner = body.owner() == null ? null : owner(s, body.owner());
    String project = body.projectId() == null ? null : project(s, body.projectId());
    try {
      SlackAppView view =
          s.data()
              .inTransaction(
                  em -> {
                    SlackApp app = find(em, id);
                    if (body.name() != null) {
                      nameFree(em, body.name().trim(), app.id());
                      app.rename(body.name().trim());
                    }
                    if (body.clientId() != null) {
                      app.clientId(body.clientId().trim());
                    }
                    if (body.agentLabels() != null) {
                      app.agentLabels(normalized(body.agentLabels()));
                    }
                    if (project != null) {
                      app.project(project);
                    }
                    if (body.defaultAgent() != null) {
                      app.defaultAgent(blankToNull(body.defaultAgent()));
                    }
                    if (owner != null) {
                      app.owner(owner);
                    }
                    em.flush();
                    return SlackAppView.of(app, s.tenantId());
                  });
      // the bot exists and the change is valid: now the secrets
      if (body.clientSecret() != null) {
        s.secrets().put(secretName(id, CLIENT_SECRET), body.clientSecret().trim());
      }
      if (body.signingSecret() != null) {
        s.secrets().put(secretName(id, SIGNING_SECRET), body.signingSecret().trim());
      }
      return view;
    } catch (RuntimeException e) {
      throw s.data().isUniqueViolation(e) ? nameTaken() : e;
    }
  }

  void delete(PluginSession s, String id) {
    SlackApp app =
        s.data()
            .inTransaction(
                em -> {
                  SlackApp a = find(em, id);
                  em.createQuery("DELETE FROM SlackEvent e WHERE e.appId = :app")
                      .setParameter("app", a.id())
                      .executeUpdate();
                  em.createQuery("DELETE FROM SlackThread t WHERE t.appId = :app")
                      .setParameter("app", a.id())
                      .executeUpdate();
                  em.remove(a);
                  return a;
                });
    forgetSecrets(s, app);
  }

  /** A link that installs bot {@code id} in a Slack workspace; a new one replaces the last. */
  InstallLink install(PluginSession s, String id, String publicBase) {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    Instant until = Times.now().plus(INSTALL_WINDOW);
    SlackApp app =
        s.data()
            .inTransaction(
                em -> {
                  SlackApp a = find(em, id);
                  a.installing(sha256(secret), until);
                  return a;
                });
    String state = s.tenantId() + "." + app.id() + "." + secret;
    String url =
        authorizeUrl
            + "?client_id="
            + encode(app.clientId())
            + "&scope="
            + encode(SCOPES)
            + "&redirect_uri="
            + encode(publicBase + SlackAppView.callbackPath(app.id()))
            + "&state="
            + encode(state);
    return new InstallLink(url, until);
  }

  /**
   * Completes an install: checks {@code state} (this bot's, unexpired, unused; used up by this call
   * whatever follows), exchanges {@code code} for the bot token and makes the bot live.
   */
  SlackAppView complete(String id, String code, String state, String publicBase) {
    String[] parts = state == null ? new String[0] : state.split("\\.", 3);
    if (parts.length != 3 || !parts[1].equals(id) || code == null || code.isBlank()) {
      throw invalidState();
    }
    try {
      return context.inTenant(
          parts[0],
          s -> {
            SlackApp app =
                s.data()
                    .inTransaction(
                        em -> {
                          SlackApp a = em.find(SlackApp.class, id);
                          if (a == null
                              || a.installStateHash() == null
                              || a.installStateExpiresAt().isBefore(Times.now())
                              || !MessageDigest.isEqual(
                                  a.installStateHash().getBytes(StandardCharsets.US_ASCII),
                                  sha256(parts[2]).getBytes(StandardCharsets.US_ASCII))) {
                            throw invalidState();
                          }
                          a.stateUsed();
                          return a;
                        });
            String clientSecret =
                s.secrets().get(app.secret(CLIENT_SECRET)).orElseThrow(SlackApps::invalidState);
            SlackApi.BotInstall bot =
                api.exchange(
                    s.http(),
                    app.clientId(),
                    clientSecret,
                    code,
                    publicBase + SlackAppView.callbackPath(app.id()));
            s.secrets().put(app.secret(BOT_TOKEN), bot.accessToken());
            if (bot.refreshToken() != null) {
              s.secrets().put(app.secret(REFRESH_TOKEN), bot.refreshToken());
            } else {
              s.secrets().delete(app.secret(REFRESH_TOKEN));
            }
            Instant expires =
                bot.refreshToken() == null || bot.expiresInSeconds() <= 0
                    ? null
                    : Times.now().plusSeconds(bot.expiresInSeconds());
            return s.data()
                .inTransaction(
                    em -> {
                      SlackApp a = find(em, id);
                      a.installed(bot.appId(), bot.teamId(), bot.teamName(), bot.botUserId());
                      a.tokenExpires(expires);
                      return SlackAppView.of(a, s.tenantId());
                    });
          });
    } catch (ProblemException e) {
      if (e.status() == 404) {
        throw invalidState(); // no such workspace: say nothing more than for a forged state
      }
      throw e;
    }
  }

  static SlackApp find(EntityManager em, String id) {
    SlackApp a = id == null || id.length() > 36 ? null : em.find(SlackApp.class, id);
    if (a == null) {
      throw ProblemException.notFound("The Slack app");
    }
    return a;
  }

  static String secretName(String appId, String what) {
    return "app." + appId + "." + what;
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void forgetSecrets(PluginSession s, SlackApp app) {
    for (String what : List.of(CLIENT_SECRET, SIGNING_SECRET, BOT_TOKEN, REFRESH_TOKEN)) {
      s.secrets().delete(app.secret(what));
    }
  }

  private static void labels(Check check, List<String> labels) {
    if (labels == null) {
      return;
    }
    check.that(!labels.isEmpty(), "agent_labels", "must name at least one label");
    check.that(labels.size() <= LABELS_MAX, "agent_labels", "at most " + LABELS_MAX + " labels");
    for (String label : labels) {
      if (label == null || !LABEL.matcher(label.trim()).matches()) {
        check.fail(
            "agent_labels",
            "labels are 1-32 lowercase letters, digits, - and _, starting with a letter or digit");
        return;
      }
    }
  }

  private static List<String> normalized(List<String> labels) {
    return new ArrayList<>(new LinkedHashSet<>(labels.stream().map(String::trim).toList()));
  }

  private static String callerId(PluginSession s) {
    return s.caller().map(c -> c.userId()).orElse(null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** The owner: a member who may start runs (operator or admin), since agents run for them. */
  private static String owner(PluginSession s, String owner) {
    var member = owner == null ? null : s.workspace().member(owner.trim()).orElse(null);
    if (member == null) {
      throw ProblemException.validation("owner", "is not a member of the workspace");
    }
    if (!member.role().atLeast(Role.OPERATOR)) {
      throw ProblemException.validation("owner", "must be an operator or admin of the workspace");
    }
    return owner.trim();
  }

  private static String project(PluginSession s, String idOrSlug) {
    return s.workspace()
        .project(idOrSlug.trim())
        .orElseThrow(
            () -> ProblemException.validation("project_id", "no such project in the workspace"))
        .id();
  }

  private static void nameFree(EntityManager em, String name, String except) {
    Optional<SlackApp> same =
        em.createQuery("SELECT a FROM SlackApp a WHERE a.name = :name", SlackApp.class)
            .setParameter("name", name)
            .getResultStream()
            .filter(a -> !a.id().equals(except))
            .findFirst();
    if (same.isPresent()) {
      throw nameTaken();
    }
  }

  private static ProblemException nameTaken() {
    return ProblemException.conflict(
        "slack_app_name_taken", "The workspace has a Slack app of this name.");
  }

  static ProblemException invalidState() {
    return ProblemException.badRequest(
        "invalid_state", "The install link is unknown, used or expired: start the install again.");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
