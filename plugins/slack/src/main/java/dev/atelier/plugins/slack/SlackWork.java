package dev.atelier.plugins.slack;

import static dev.atelier.plugin.api.http.JsonValues.object;
import static dev.atelier.plugin.api.http.JsonValues.string;

import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.chat.AgentRef;
import dev.atelier.plugin.api.chat.ChatMessage;
import dev.atelier.plugin.api.chat.ChatTurnStarted;
import dev.atelier.plugin.api.chat.TurnOutcome;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.event.DomainEvent;
import dev.atelier.plugin.api.event.EventListener;
import dev.atelier.plugin.api.http.JsonValues;
import dev.atelier.plugin.api.schedule.Scheduler;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.pf4j.Extension;

/**
 * What a bot does with the events it kept, after Slack had its acknowledgement: a mention, or a
 * direct message, launches an allowed agent in the thread's chat (a placeholder reply first), and
 * the end of that run ({@link CoreEvents#RUN_FINISHED}) puts the answer, or what went wrong, in
 * place of the placeholder ({@code chat.update}). Both arrive through the outbox, at least once:
 * each step is recorded on the event, so a repeated delivery resumes rather than repeats; a Slack
 * that cannot be reached is retried with the outbox's backoff.
 */
@Extension
public class SlackWork implements EventListener {

  /** The event a kept Slack event publishes (the plugin's own: {@code slack.event.received}). */
  static final String EVENT_RECEIVED = "event.received";

  static final String PLACEHOLDER = "_Thinking…_";

  /** Slack's limit on a message's text is 40,000 characters. */
  static final int TEXT_MAX = 39_000;

  /** How often a preview may replace the reply's text. */
  static final Duration PREVIEW_EVERY = Duration.ofSeconds(2);

  /** How long previews go on at most (a run waiting for approval, say). */
  static final Duration PREVIEW_AT_MOST = Duration.ofHours(1);

  private static final Pattern MENTION = Pattern.compile("<@[A-Z0-9]+>");

  private final PluginContext context;
  private final SlackApi api;
  private final SlackTokens tokens;

  public SlackWork(PluginContext context) {
    this.context = context;
    this.api = new SlackApi(context.config().get("api-base", SlackApi.DEFAULT_BASE));
    this.tokens = new SlackTokens(api);
  }

  @Override
  public Set<String> eventTypes() {
    return Set.of(context.pluginId() + "." + EVENT_RECEIVED, CoreEvents.RUN_FINISHED);
  }

  @Override
  public void onEvent(PluginSession session, DomainEvent event) {
    if (CoreEvents.RUN_FINISHED.equals(event.type())) {
      answer(session, event.subjectId());
    } else {
      launch(session, event.subjectId());
    }
  }

  /** What a kept event asks for, if anything: a person's message to the bot. */
  record Request(String channel, String threadTs, String user, String text) {}

  static Optional<Request> request(String payload, String botUserId) {
    JsonObject root = (JsonObject) JsonValues.parse(payload);
    JsonObject e = object(root, "event");
    String type = string(e, "type");
    boolean mention = "app_mention".equals(type);
    boolean direct = "message".equals(type) && "im".equals(string(e, "channel_type"));
    if ((!mention && !direct)
        || string(e, "bot_id") != null
        || string(e, "subtype") != null
        || (botUserId != null && botUserId.equals(string(e, "user")))) {
      return Optional.empty(); // the bot's own messages, edits, joins …: nothing to answer
    }
    String channel = string(e, "channel");
    String ts = string(e, "ts");
    String text = string(e, "text");
    if (channel == null || ts == null || text == null) {
      return Optional.empty();
    }
    String thread = string(e, "thread_ts");
    String clean = MENTION.matcher(text).replaceAll(" ").strip();
    return Optional.of(
        new Request(channel, thread != null ? thread : ts, string(e, "user"), clean));
  }

  private void launch(PluginSession s, String eventKey) {
    SlackEvent kept = s.data().read(em -> em.find(SlackEvent.class, eventKey));
    if (kept == null
        || !(SlackEvent.RECEIVED.equals(kept.status())
            || SlackEvent.POSTED.equals(kept.status()))) {
      return; // gone with its bot, or acted on already
    }
    SlackApp app = s.data().read(em -> em.find(SlackApp.class, kept.appId()));
    Optional<String> token = app == null ? Optional.empty() : tokens.current(s, app);
    if (app == null || token.isEmpty()) {
      end(s, eventKey, SlackEvent.IGNORED, "the bot is not installed");
      return;
    }
    Optional<Request> request = request(kept.payload(), app.botUserId());
    if (request.isEmpty()) {
      end(s, eventKey, SlackEvent.IGNORED, "not a message for the bot");
      return;
    }
    Request r = request.get();
    String replyTs = kept.replyTs();
    if (replyTs == null) {
      replyTs = api.postMessage(s.http(), token.get(), r.channel(), r.threadTs(), PLACEHOLDER);
      String posted = replyTs;
      s.data()
          .inTransaction(
              em -> {
                em.find(SlackEvent.class, eventKey).posted(r.channel(), posted);
                return null;
              });
    }
    Choice choice = choose(s, app, r.text());
    if (choice.refusal() != null) {
      api.update(s.http(), token.get(), r.channel(), replyTs, choice.refusal());
      end(s, eventKey, SlackEvent.REFUSED, choice.refusal());
      return;
    }
    ChatTurnStarted turn;
    try {
      turn = send(s, app, r, choice);
    } catch (ProblemException refused) {
      String why = refusal(refused);
      api.update(s.http(), token.get(), r.channel(), replyTs, why);
      end(s, eventKey, SlackEvent.REFUSED, refused.code() + ": " + refused.getMessage());
      return;
    }
    s.data()
        .inTransaction(
            em -> {
              em.find(SlackEvent.class, eventKey).answering(turn.runId());
              return null;
            });
    preview(s, eventKey, app.id(), r.channel(), replyTs, turn.runId());
    // a quick run may have ended before its run id was recorded here, its run.finished finding
    // no event to answer: answer it now (answering twice is the same update)
    answer(s, turn.runId());
  }

  /**
   * Shows the answer as it is written, in place of the placeholder, at most every {@link
   * #PREVIEW_EVERY} (Slack's limits on {@code chat.update}), while the event is answering. A
   * preview is a courtesy of this node: the answer itself comes with the run's end, whichever node
   * hears of it; should a preview land after it, the answer is put back.
   */
  private void preview(
      PluginSession s, String eventKey, String appId, String channel, String ts, String runId) {
    AtomicReference<String> written = new AtomicReference<>();
    AtomicReference<String> shown = new AtomicReference<>();
    Runnable unfollow = s.chats().follow(runId, written::set);
    AtomicReference<Scheduler.Scheduled> job = new AtomicReference<>();
    Instant until = Instant.now().plus(PREVIEW_AT_MOST);
    job.set(
        s.scheduler()
            .every(
                PREVIEW_EVERY,
                session -> {
                  SlackEvent e = session.data().read(em -> em.find(SlackEvent.class, eventKey));
                  if (e == null
                      || !SlackEvent.ANSWERING.equals(e.status())
                      || Instant.now().isAfter(until)) {
                    unfollow.run();
                    job.get().cancel();
                    if (e != null
                        && SlackEvent.ANSWERED.equals(e.status())
                        && shown.get() != null) {
                      session
                          .chats()
                          .turn(runId)
                          .filter(TurnOutcome::finished)
                          .ifPresent(o -> update(session, appId, channel, ts, text(o)));
                    }
                    return;
                  }
                  String now = written.get();
                  if (now != null && !now.isBlank() && !now.equals(shown.get())) {
                    update(session, appId, channel, ts, clip(now) + " …");
                    shown.set(now);
                  }
                }));
  }

  /** Sends the turn in the thread's chat, starting one (and remembering it) when needed. */
  private ChatTurnStarted send(PluginSession s, SlackApp app, Request r, Choice choice) {
    Optional<SlackThread> thread =
        s.data()
            .read(
                em ->
                    em.createQuery(
                            "SELECT t FROM SlackThread t WHERE t.appId = :app AND t.channel = :c"
                                + " AND t.threadTs = :ts",
                            SlackThread.class)
                        .setParameter("app", app.id())
                        .setParameter("c", r.channel())
                        .setParameter("ts", r.threadTs())
                        .getResultStream()
                        .findFirst());
    if (thread.isPresent()) {
      try {
        return s.chats()
            .send(new ChatMessage(null, null, thread.get().chatId(), choice.text(), app.ownerId()));
      } catch (ProblemException e) {
        if (e.status() != 404) {
          throw e;
        }
        // the thread's chat went with its project: the thread starts a new one below
      }
    }
    ChatTurnStarted started =
        s.chats()
            .send(
                new ChatMessage(
                    choice.agent(), app.projectId(), null, choice.text(), app.ownerId()));
    s.data()
        .inTransaction(
            em -> {
              if (thread.isPresent()) {
                em.find(SlackThread.class, threadId(em, app, r)).chat(started.chatId());
              } else {
                em.persist(new SlackThread(app.id(), r.channel(), r.threadTs(), started.chatId()));
              }
              return null;
            });
    return started;
  }

  private static String threadId(jakarta.persistence.EntityManager em, SlackApp app, Request r) {
    return em.createQuery(
            "SELECT t.id FROM SlackThread t WHERE t.appId = :app AND t.channel = :c"
                + " AND t.threadTs = :ts",
            String.class)
        .setParameter("app", app.id())
        .setParameter("c", r.channel())
        .setParameter("ts", r.threadTs())
        .getSingleResult();
  }

  /** The agent a message goes to and what it says to it, or why there is none. */
  record Choice(String agent, String text, String refusal) {}

  /**
   * The bot may launch the agents whose labels it lists. A message that starts with one of their
   * names (then {@code :} or a space) goes to it; otherwise to the bot's default agent, or to the
   * only agent it may launch.
   */
  static Choice choose(PluginSession s, SlackApp app, String text) {
    List<AgentRef> allowed = s.chats().agents(new HashSet<>(app.agentLabels()));
    if (allowed.isEmpty()) {
      return new Choice(
          null,
          text,
          "No agent is available to this bot: label an agent with one of "
              + String.join(", ", app.agentLabels())
              + ".");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    for (AgentRef a : allowed) {
      if (lower.startsWith(a.name() + ":") || lower.startsWith(a.name() + " ")) {
        String rest = text.substring(a.name().length() + 1).strip();
        return rest.isEmpty()
            ? new Choice(null, text, "What should " + a.name() + " do? Write it after its name.")
            : new Choice(a.name(), rest, null);
      }
    }
    if (text.isBlank()) {
      return new Choice(null, text, "Ask me something after the mention.");
    }
    if (app.defaultAgent() != null
        && allowed.stream().anyMatch(a -> a.name().equals(app.defaultAgent()))) {
      return new Choice(app.defaultAgent(), text, null);
    }
    if (allowed.size() == 1) {
      return new Choice(allowed.get(0).name(), text, null);
    }
    return new Choice(
        null,
        text,
        "Which agent? Start the message with one of: "
            + String.join(", ", allowed.stream().map(AgentRef::name).toList())
            + ".");
  }

  private static String refusal(ProblemException e) {
    return switch (e.code() == null ? "" : e.code()) {
      case "turn_in_progress" -> "I am still answering the last message in this thread.";
      case "forbidden" -> "This bot's owner may no longer start agents in the workspace.";
      case "insufficient_credits" -> "The workspace has no credits left.";
      default -> "I cannot answer that: " + e.getMessage();
    };
  }

  /** Run {@code runId} ended: its answer replaces the placeholder of the event it answers. */
  private void answer(PluginSession s, String runId) {
    SlackEvent kept =
        s.data()
            .read(
                em ->
                    em.createQuery(
                            "SELECT e FROM SlackEvent e WHERE e.runId = :run", SlackEvent.class)
                        .setParameter("run", runId)
                        .getResultStream()
                        .findFirst()
                        .orElse(null));
    if (kept == null || !SlackEvent.ANSWERING.equals(kept.status())) {
      return; // not a bot's run, or answered already
    }
    SlackApp app = s.data().read(em -> em.find(SlackApp.class, kept.appId()));
    Optional<String> token = app == null ? Optional.empty() : tokens.current(s, app);
    Optional<TurnOutcome> outcome = s.chats().turn(runId);
    if (token.isEmpty() || outcome.isEmpty()) {
      end(s, kept.id(), SlackEvent.ANSWERED, "the bot or the run is gone");
      return;
    }
    TurnOutcome o = outcome.get();
    if (!o.finished()) {
      return; // still answering: its run.finished will come
    }
    api.update(s.http(), token.get(), kept.replyChannel(), kept.replyTs(), text(o));
    end(s, kept.id(), SlackEvent.ANSWERED, o.status());
  }

  /** Replaces the text of a bot's reply, with the bot's current token (if it still has one). */
  private void update(PluginSession s, String appId, String channel, String ts, String text) {
    SlackApp app = s.data().read(em -> em.find(SlackApp.class, appId));
    Optional<String> token = app == null ? Optional.empty() : tokens.current(s, app);
    token.ifPresent(t -> api.update(s.http(), t, channel, ts, text));
  }

  /** What a finished turn puts in the thread. */
  static String text(TurnOutcome o) {
    return clip(
        switch (o.status()) {
          case "succeeded" ->
              o.output() == null || o.output().isBlank() ? "(no answer)" : o.output();
          case "cancelled" -> "_The answer was cancelled._";
          default ->
              "_Something went wrong: " + (o.error() == null ? o.errorCode() : o.error()) + "_";
        });
  }

  private static String clip(String text) {
    return text.length() > TEXT_MAX ? text.substring(0, TEXT_MAX) + "…" : text;
  }

  private static void end(PluginSession s, String eventKey, String status, String detail) {
    s.data()
        .inTransaction(
            em -> {
              SlackEvent e = em.find(SlackEvent.class, eventKey);
              if (e != null) {
                e.end(status, detail);
              }
              return null;
            });
  }
}
