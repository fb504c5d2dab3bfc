package dev.atelier.core.runs;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.agents.AgentSpec;
import dev.atelier.core.agents.Agents;
import dev.atelier.core.metering.Charge;
import dev.atelier.core.metering.Metering;
import dev.atelier.core.models.ModelGateway;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.Threads;
import dev.atelier.core.tools.ToolCatalog;
import dev.atelier.core.tools.ToolDescriptor;
import dev.atelier.plugin.api.model.ModelMessage;
import dev.atelier.plugin.api.model.ModelRequest;
import dev.atelier.plugin.api.model.ModelResponse;
import dev.atelier.plugin.api.model.StreamHandler;
import dev.atelier.plugin.api.model.TokenUsage;
import dev.atelier.plugin.api.model.ToolCall;
import dev.atelier.plugin.api.model.ToolDefinition;
import dev.atelier.plugin.api.tool.ToolInvocation;
import dev.atelier.plugin.api.tool.ToolResult;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent loop, ours: call the model with the conversation and the agent's tools; run the tool
 * calls it asks for (read-only ones in parallel, the others one at a time, those needing approval
 * only once a person approved); give the results back; repeat until the model answers without tool
 * calls, the step limit or the token budget is reached, or the run is cancelled. Every model call
 * and tool call is a recorded step, every change an event; the conversation is saved after each
 * step so a run can resume on another worker.
 *
 * <p>Resuming: a model call's answer is saved with the conversation in one transaction, so a
 * recorded answer is never asked for again; a tool call's result is recorded as it ends, and a
 * worker that resumes a batch of tool calls takes the recorded results instead of calling those
 * tools again. Only a step that was in progress when its worker stopped is done again (its step row
 * is reused). Every write of a worker is fenced by its lease: once another worker holds the run,
 * the first one's writes are refused and it leaves the run alone.
 *
 * <p>What to do next at each turn of the loop is decided by {@link StepDecisions}; this class
 * carries it out.
 */
@ApplicationScoped
public class RunEngine {

  private static final Logger LOG = Logger.getLogger(RunEngine.class.getName());

  @Inject Transactions tx;
  @Inject Agents agents;
  @Inject ToolCatalog tools;
  @Inject ModelGateway models;
  @Inject RunEvents events;
  @Inject RunFinished finished;
  @Inject Metering metering;

  @Inject Threads threads;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

  private volatile ExecutorService toolThreads;

  /** Why a run stops early. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;

    Stop(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  /** The lease moved to another worker: leave the run alone. */
  static final class Lost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Lost() {
      super(null, null, false, false);
    }
  }

  /** This node is stopping: hand the run back at this step boundary. */
  static final class Stopping extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopping() {
      super(null, null, false, false);
    }
  }

  /** One execution of a run by this node: what every step needs. */
  private static final class Work {
    final String tenantId;
    final Run run;
    final RunQueue queue;
    final Totals totals;

    /**
     * Steps recorded after the last saved state (numbered above its step count), by number: left by
     * a worker that stopped. A finished tool call among them is not run again; a step in progress
     * is done again in the same row.
     */
    final Map<Integer, RunStep> leftovers;

    /**
     * Whether the run's model calls are charged: decided as this execution starts, so that nothing
     * between a model's answer and its record asks the plugins or the configuration (which a
     * stopping server may no longer have).
     */
    boolean metered;

    Work(String tenantId, Run run, RunQueue queue, Map<Integer, RunStep> leftovers) {
      this.tenantId = tenantId;
      this.run = run;
      this.queue = queue;
      this.totals = new Totals(run.stepCount(), run.tokensInput(), run.tokensOutput(), run.cost());
      this.leftovers = leftovers;
    }

    String runId() {
      return run.id();
    }
  }

  /** Executes (or resumes) run {@code runId} held by {@code queue}'s node. */
  void execute(String tenantId, String runId, RunQueue queue) {
    Run run = tx.readInTenant(tenantId, em -> em.find(Run.class, runId));
    if (run == null) {
      return;
    }
    Work w = new Work(tenantId, run, queue, leftovers(tenantId, run));
    try {
      if (run.cancelRequested()) {
        throw new Stop("cancelled", "The run was cancelled.");
      }
      AgentSpec spec =
          agents
              .find(tenantId, run.agentName())
              .orElseThrow(
                  () -> new Stop("agent_not_found", "The agent " + run.agentName() + " is gone."));
      Map<String, ToolDescriptor> offered = offeredTools(tenantId, spec);
      w.metered = metering.active(tenantId);
      if (w.metered) {
        metering.open(tenantId);
      }
      RunState state =
          run.state() == null
              ? RunState.start(spec.instructions(), history(tenantId, run), run.input())
              : RunState.fromJson(run.state());
      if (run.startedAt() == null) {
        holding(w, r -> r.start(spec.model()));
        events.append(
            tenantId, runId, "run.running", json().add("status", "running").build().toString());
      }
      loop(w, spec, offered, state);
    } catch (Lost lost) {
      LOG.info("Run " + runId + " was taken over by another worker");
    } catch (Stopping stopping) {
      queue.handBack(runId);
    } catch (Stop stop) {
      finish(w, stop.code, stop.getMessage());
    } catch (ProblemException p) {
      if (!interruptedByStop(w, p)) {
        finish(w, p.code(), p.getMessage());
      }
    } catch (RuntimeException e) {
      if (interruptedByStop(w, e)) {
        return;
      }
      String ref = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "Run " + runId + " failed, reference " + ref, e);
      finish(w, "internal_error", "An unexpected error occurred: " + ref + ".");
    }
  }

  /**
   * Whether {@code e} ended the run while this node stops: the step may have failed because the
   * server is going down (its clients and executors closing), not because of the run, so the run is
   * handed back for another worker to do that step again rather than failed.
   */
  private boolean interruptedByStop(Work w, RuntimeException e) {
    if (!w.queue.stopping()) {
      return false;
    }
    RunQueue.shutdownLog("Run " + w.runId() + " was interrupted by the stop: " + e, e);
    w.queue.handBack(w.runId());
    return true;
  }

  /** The steps a stopped worker recorded after the run's saved state; none for a fresh run. */
  private Map<Integer, RunStep> leftovers(String tenantId, Run run) {
    Map<Integer, RunStep> out = new HashMap<>();
    if (run.startedAt() == null) {
      return out;
    }
    tx.readInTenant(
            tenantId,
            em ->
                em.createQuery(
                        "SELECT s FROM RunStep s WHERE s.runId = :r AND s.seq > :n", RunStep.class)
                    .setParameter("r", run.id())
                    .setParameter("n", run.stepCount())
                    .getResultList())
        .forEach(s -> out.put(s.seq(), s));
    return out;
  }

  /** The earlier turns of the run's chat that were answered: what the model sees first. */
  private List<ModelMessage> history(String tenantId, Run run) {
    if (run.chatId() == null) {
      return List.of();
    }
    List<ModelMessage> out = new ArrayList<>();
    tx.readInTenant(
            tenantId,
            em ->
                em.createQuery(
                        "SELECT r FROM Run r WHERE r.chatId = :c AND r.createdAt < :t"
                            + " AND r.status = 'succeeded' ORDER BY r.createdAt",
                        Run.class)
                    .setParameter("c", run.chatId())
                    .setParameter("t", run.createdAt())
                    .getResultList())
        .forEach(
            r -> {
              out.add(ModelMessage.user(r.input()));
              out.add(ModelMessage.assistant(r.output(), List.of()));
            });
    return out;
  }

  private Map<String, ToolDescriptor> offeredTools(String tenantId, AgentSpec spec) {
    Map<String, ToolDescriptor> offered = new LinkedHashMap<>();
    for (String name : spec.tools()) {
      ToolDescriptor d =
          tools
              .find(tenantId, name)
              .orElseThrow(
                  () ->
                      new Stop(
                          "tool_not_found",
                          "The agent uses the tool " + name + ", which is not available."));
      offered.put(name, d);
    }
    return offered;
  }

  private void loop(Work w, AgentSpec spec, Map<String, ToolDescriptor> offered, RunState state) {
    List<ToolDefinition> definitions =
        offered.values().stream()
            .map(d -> new ToolDefinition(d.name(), d.description(), d.inputSchema()))
            .toList();
    Totals totals = w.totals;
    while (true) {
      checkpoint(w);
      StepDecisions.Next next = StepDecisions.next(state, spec, offered, totals.in + totals.out);
      switch (next) {
        case StepDecisions.Next.AwaitDecisions wait -> {
          awaitApproval(w, state);
          return;
        }
        case StepDecisions.Next.RunDecided decided -> {
          runTools(w, offered, decided.calls(), state);
          state.pending().clear();
          state.decisions().clear();
          save(w, state);
        }
        case StepDecisions.Next.Stop stop -> throw new Stop(stop.code(), stop.message());
        case StepDecisions.Next.Succeed done -> {
          succeed(w, state, done.output());
          return;
        }
        case StepDecisions.Next.HoldForApproval hold -> {
          state.pending().addAll(hold.calls());
          save(w, state);
          awaitApproval(w, state);
          return;
        }
        case StepDecisions.Next.RunTools run -> {
          runTools(w, offered, run.calls(), state);
          save(w, state);
        }
        case StepDecisions.Next.CallModel call -> callModel(w, spec, definitions, state);
      }
    }
  }

  /** Calls the model; its answer is recorded with the step and the state in one transaction. */
  private void callModel(Work w, AgentSpec spec, List<ToolDefinition> definitions, RunState state) {
    String tenantId = w.tenantId;
    String runId = w.runId();
    Totals totals = w.totals;
    int seq = ++totals.steps;
    String stepId = openStep(w, seq, "model_call", spec.model(), null, null);
    events.append(
        tenantId,
        runId,
        "step.started",
        json()
            .add("seq", seq)
            .add("kind", "model_call")
            .add("name", spec.model())
            .build()
            .toString());
    String bare = spec.model().substring(spec.model().indexOf(':') + 1);
    ModelRequest request =
        new ModelRequest(bare, state.messages(), definitions, spec.temperature(), null);
    StreamHandler stream =
        new StreamHandler() {
          @Override
          public void onText(String delta) {
            events.live(
                runId,
                "message.delta",
                json().add("seq", seq).add("text", delta).build().toString());
          }

          @Override
          public boolean cancelled() {
            return w.queue.cancelled(runId);
          }
        };
    ModelResponse answer;
    try {
      answer = models.complete(tenantId, spec.model(), request, stream);
    } catch (ProblemException e) {
      holding(w, stepId, (r, s) -> s.finish("failed", e.code() + ": " + e.getMessage(), 0, 0));
      throw e;
    }
    TokenUsage usage = answer.usage() == null ? TokenUsage.NONE : answer.usage();
    BigDecimal cost = models.cost(spec.model(), usage);
    totals.in += usage.input();
    totals.out += usage.output();
    totals.cost = totals.cost.add(cost);
    String content = answer.message().content() == null ? "" : answer.message().content();
    state.messages().add(answer.message());
    String json = state.toJson();
    boolean metered = w.metered;
    // the charge is one with the recorded answer: a resumed run never pays a step twice
    Charge charge =
        new Charge(
            "run:" + runId + ":" + seq,
            runId,
            w.run.agentName(),
            spec.model(),
            usage.input(),
            usage.output(),
            cost);
    holding(
        w,
        stepId,
        (em, r, s) -> {
          s.finish("succeeded", content, usage.input(), usage.output());
          r.progress(json, totals.steps, totals.in, totals.out, totals.cost);
          if (metered) {
            metering.charge(em, charge);
          }
        });
    events.append(
        tenantId,
        runId,
        "step.finished",
        json()
            .add("seq", seq)
            .add("kind", "model_call")
            .add("content", content)
            .add("tool_calls", answer.message().toolCalls().size())
            .add("tokens_input", usage.input())
            .add("tokens_output", usage.output())
            .build()
            .toString());
    if (w.queue.cancelled(runId)) {
      throw new Stop("cancelled", "The run was cancelled.");
    }
  }

  /**
   * Runs {@code calls}: read-only ones in parallel first, then the others one at a time. A call
   * whose result a stopped worker already recorded is not run again: its recorded result is taken.
   */
  private void runTools(
      Work w, Map<String, ToolDescriptor> offered, List<ToolCall> calls, RunState state) {
    Map<String, ToolResult> results = new LinkedHashMap<>();
    Map<String, Integer> seqs = new LinkedHashMap<>();
    Map<String, RunStep> priors = new HashMap<>();
    for (ToolCall call : calls) {
      int seq = ++w.totals.steps;
      seqs.put(call.id(), seq);
      RunStep prior = w.leftovers.remove(seq);
      ToolResult recorded = StepDecisions.recorded(call, prior);
      if (recorded != null) {
        results.put(call.id(), recorded);
      } else if (prior != null) {
        priors.put(call.id(), prior);
      }
    }
    StepDecisions.Batch batch = StepDecisions.batch(calls, offered, results.keySet());
    List<ToolCall> parallel = batch.parallel();
    List<ToolCall> serial = batch.serial();
    List<Future<ToolResult>> futures = new ArrayList<>();
    for (ToolCall call : parallel) {
      futures.add(
          toolThreads()
              .submit(
                  () ->
                      runTool(
                          w, offered, call, seqs.get(call.id()), priors.get(call.id()), state)));
    }
    for (int i = 0; i < parallel.size(); i++) {
      try {
        results.put(parallel.get(i).id(), futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stop("cancelled", "The run was interrupted.");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof Lost lost) {
          throw lost;
        }
        results.put(parallel.get(i).id(), ToolResult.error("The tool failed."));
      }
    }
    for (ToolCall call : serial) {
      checkpoint(w);
      results.put(
          call.id(), runTool(w, offered, call, seqs.get(call.id()), priors.get(call.id()), state));
    }
    for (ToolCall call : calls) {
      ToolResult r = results.get(call.id());
      state.messages().add(ModelMessage.toolResult(call.id(), r.content()));
    }
  }

  private ToolResult runTool(
      Work w,
      Map<String, ToolDescriptor> offered,
      ToolCall call,
      int seq,
      RunStep prior,
      RunState state) {
    String tenantId = w.tenantId;
    String runId = w.runId();
    String arguments = call.argumentsJson() == null ? "{}" : call.argumentsJson();
    String stepId =
        openStep(w, prior, seq, "tool_call", call.name(), call.id(), call.argumentsJson());
    events.append(
        tenantId,
        runId,
        "tool.call",
        json()
            .add("seq", seq)
            .add("id", call.id())
            .add("name", call.name())
            .add("arguments", arguments)
            .build()
            .toString());
    ToolResult result =
        StepDecisions.refusal(call, state.decisions().get(call.id()), offered.keySet());
    if (result == null) {
      result =
          tools.invoke(
              tenantId,
              call.name(),
              // the step's place in the run: the same when a resumed run repeats this call
              new ToolInvocation(arguments, runId, w.run.projectId(), runId + ":" + seq));
    }
    result = StepDecisions.bounded(result);
    String content = result.content() == null ? "" : result.content();
    String recorded = content;
    String status = result.isError() ? "failed" : "succeeded";
    holding(w, stepId, (r, s) -> s.finish(status, recorded, 0, 0));
    events.append(
        tenantId,
        runId,
        "tool.result",
        json()
            .add("seq", seq)
            .add("id", call.id())
            .add("name", call.name())
            .add("is_error", result.isError())
            .add("content", content)
            .build()
            .toString());
    return result;
  }

  /** The row of step {@code seq}: a new one, or the one a stopped worker left in progress. */
  private String openStep(
      Work w, int seq, String kind, String name, String toolCallId, String arguments) {
    return openStep(w, w.leftovers.remove(seq), seq, kind, name, toolCallId, arguments);
  }

  private String openStep(
      Work w,
      RunStep prior,
      int seq,
      String kind,
      String name,
      String toolCallId,
      String arguments) {
    Instant started = Times.now();
    return tx.inTenant(
        w.tenantId,
        em -> {
          RunStep s = prior == null ? null : em.find(RunStep.class, prior.id());
          if (s != null) {
            s.restart(kind, name, toolCallId, arguments, started);
            return s.id();
          }
          s = new RunStep(w.runId(), seq, kind, name, toolCallId, arguments, "running", started);
          em.persist(s);
          return s.id();
        });
  }

  private void awaitApproval(Work w, RunState state) {
    Totals totals = w.totals;
    String json = state.toJson();
    holding(
        w,
        r -> {
          r.progress(json, totals.steps, totals.in, totals.out, totals.cost);
          r.moveTo(RunStatus.AWAITING_APPROVAL);
        });
    var calls = JSON.createArrayBuilder();
    state.pending().stream()
        .filter(c -> !state.decisions().containsKey(c.id()))
        .forEach(
            c ->
                calls.add(
                    json()
                        .add("id", c.id())
                        .add("name", c.name())
                        .add("arguments", c.argumentsJson() == null ? "{}" : c.argumentsJson())));
    events.append(
        w.tenantId,
        w.runId(),
        "run.awaiting_approval",
        json().add("status", "awaiting_approval").add("tool_calls", calls).build().toString());
  }

  private void succeed(Work w, RunState state, String output) {
    Totals totals = w.totals;
    String json = state.toJson();
    holding(
        w,
        r -> {
          r.progress(json, totals.steps, totals.in, totals.out, totals.cost);
          r.succeed(output);
          finished.publish(w.tenantId, r);
        });
    events.append(
        w.tenantId,
        w.runId(),
        "run.succeeded",
        json().add("status", "succeeded").add("output", output).build().toString());
  }

  /**
   * Before each step: stops a cancelled run, hands the run back when this node is stopping, and
   * renews the lease (or leaves the run to the worker that took it over).
   */
  private void checkpoint(Work w) {
    if (w.queue.cancelled(w.runId())) {
      throw new Stop("cancelled", "The run was cancelled.");
    }
    if (w.queue.stopping()) {
      throw new Stopping();
    }
    if (!w.queue.renew(w.runId())) {
      throw new Lost();
    }
    if (metering.exhausted(w.tenantId)) {
      throw new Stop(
          "insufficient_credits",
          "The workspace ran out of credits and its plan allows no overage.");
    }
  }

  private void save(Work w, RunState state) {
    Totals totals = w.totals;
    String json = state.toJson();
    holding(w, r -> r.progress(json, totals.steps, totals.in, totals.out, totals.cost));
  }

  private void finish(Work w, String code, String message) {
    boolean cancelled = "cancelled".equals(code);
    Totals totals = w.totals;
    try {
      holding(
          w,
          r -> {
            if (r.status().terminal()) {
              return;
            }
            r.progress(r.state(), totals.steps, totals.in, totals.out, totals.cost);
            if (cancelled) {
              r.moveTo(RunStatus.CANCELLED);
            } else {
              r.fail(code, message);
            }
            finished.publish(w.tenantId, r);
          });
    } catch (Lost lost) {
      LOG.info("Run " + w.runId() + " was taken over by another worker before it ended");
      return;
    }
    JsonObjectBuilder data = json().add("status", cancelled ? "cancelled" : "failed");
    if (!cancelled) {
      data.add("error_code", code).add("error", message == null ? "" : message);
    }
    events.append(
        w.tenantId, w.runId(), cancelled ? "run.cancelled" : "run.failed", data.build().toString());
  }

  /**
   * Changes the run in one transaction, with its row locked, while this node holds it; throws
   * {@link Lost} (and changes nothing) once another worker took it over.
   */
  private void holding(Work w, Consumer<Run> change) {
    holding(w, null, (r, s) -> change.accept(r));
  }

  /** As {@link #holding(Work, Consumer)}, with step {@code stepId} of the run in the same unit. */
  private void holding(Work w, String stepId, BiConsumer<Run, RunStep> change) {
    holding(w, stepId, (em, r, s) -> change.accept(r, s));
  }

  /** As {@link #holding(Work, String, BiConsumer)}, with the unit's entity manager. */
  private void holding(Work w, String stepId, Held change) {
    tx.inTenantDo(
        w.tenantId,
        em -> {
          Run r = em.find(Run.class, w.runId(), LockModeType.PESSIMISTIC_WRITE);
          if (r == null || !w.queue.node().equals(r.leaseOwner())) {
            throw new Lost();
          }
          change.accept(em, r, stepId == null ? null : em.find(RunStep.class, stepId));
        });
  }

  /** A change of a held run and one of its steps, in the unit of {@code em}. */
  @FunctionalInterface
  private interface Held {
    void accept(EntityManager em, Run run, RunStep step);
  }

  private static JsonObjectBuilder json() {
    return JSON.createObjectBuilder();
  }

  /** Running totals of a run. */
  private static final class Totals {
    int steps;
    long in;
    long out;
    BigDecimal cost;

    Totals(int steps, long in, long out, BigDecimal cost) {
      this.steps = steps;
      this.in = in;
      this.out = out;
      this.cost = cost == null ? BigDecimal.ZERO : cost;
    }
  }

  /** Where the read-only tool calls of one step run side by side. */
  private ExecutorService toolThreads() {
    ExecutorService t = toolThreads;
    if (t == null) {
      synchronized (this) {
        if (toolThreads == null) {
          toolThreads = threads.perTask("tools", executor);
        }
        t = toolThreads;
      }
    }
    return t;
  }
}
