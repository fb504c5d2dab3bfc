package dev.atelier.core.runs;

import dev.atelier.core.agents.AgentSpec;
import dev.atelier.core.agents.Agents;
import dev.atelier.core.models.ModelGateway;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
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
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent loop, ours: call the model with the conversation and the agent's tools; run the tool
 * calls it asks for (read-only ones in parallel, the others one at a time, those needing approval
 * only once a person approved); give the results back; repeat until the model answers without tool
 * calls, the step limit or the token budget is reached, or the run is cancelled. Every model call
 * and tool call is a recorded step, every change an event; the conversation is saved after each
 * step so a run can resume on another worker.
 */
@ApplicationScoped
public class RunEngine {

  private static final Logger LOG = Logger.getLogger(RunEngine.class.getName());
  private static final int MAX_TOOL_RESULT = 100_000;

  @Inject Transactions tx;
  @Inject Agents agents;
  @Inject ToolCatalog tools;
  @Inject ModelGateway models;
  @Inject RunEvents events;

  @Resource(lookup = "java:comp/DefaultManagedExecutorService")
  ManagedExecutorService executor;

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

  /** Executes (or resumes) run {@code runId} held by {@code queue}'s node. */
  void execute(String tenantId, String runId, RunQueue queue) {
    Run run = tx.readInTenant(tenantId, em -> em.find(Run.class, runId));
    if (run == null) {
      return;
    }
    Totals totals = new Totals(run.stepCount(), run.tokensInput(), run.tokensOutput(), run.cost());
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
      RunState state =
          run.state() == null
              ? RunState.start(spec.instructions(), history(tenantId, run), run.input())
              : RunState.fromJson(run.state());
      if (run.startedAt() == null) {
        update(tenantId, runId, r -> r.start(spec.model()));
        events.append(
            tenantId, runId, "run.running", json().add("status", "running").build().toString());
      }
      loop(tenantId, run, spec, offered, state, totals, queue);
    } catch (Lost lost) {
      LOG.info("Run " + runId + " was taken over by another worker");
    } catch (Stop stop) {
      finish(tenantId, runId, totals, stop.code, stop.getMessage());
    } catch (ProblemException p) {
      finish(tenantId, runId, totals, p.code(), p.getMessage());
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString();
      LOG.log(Level.SEVERE, "Run " + runId + " failed, reference " + ref, e);
      finish(
          tenantId, runId, totals, "internal_error", "An unexpected error occurred: " + ref + ".");
    }
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

  private void loop(
      String tenantId,
      Run run,
      AgentSpec spec,
      Map<String, ToolDescriptor> offered,
      RunState state,
      Totals totals,
      RunQueue queue) {
    String runId = run.id();
    List<ToolDefinition> definitions =
        offered.values().stream()
            .map(d -> new ToolDefinition(d.name(), d.description(), d.inputSchema()))
            .toList();
    while (true) {
      checkpoint(runId, queue);
      if (!state.pending().isEmpty()) {
        if (!state.pending().stream().allMatch(c -> state.decisions().containsKey(c.id()))) {
          awaitApproval(tenantId, runId, state, totals);
          return;
        }
        runTools(tenantId, run, offered, state.pending(), state, totals, queue);
        state.pending().clear();
        state.decisions().clear();
        save(tenantId, runId, state, totals);
      }
      long modelSteps = state.messages().stream().filter(m -> "assistant".equals(m.role())).count();
      if (modelSteps >= spec.maxSteps()) {
        throw new Stop(
            "max_steps_exceeded",
            "The agent used its " + spec.maxSteps() + " steps without an answer.");
      }
      ModelResponse answer = callModel(tenantId, runId, spec, definitions, state, totals, queue);
      state.messages().add(answer.message());
      save(tenantId, runId, state, totals);
      if (spec.tokenBudget() != null && totals.in + totals.out > spec.tokenBudget()) {
        throw new Stop(
            "token_budget_exceeded",
            "The run used "
                + (totals.in + totals.out)
                + " tokens of its budget of "
                + spec.tokenBudget()
                + ".");
      }
      List<ToolCall> calls = answer.message().toolCalls();
      if (calls.isEmpty()) {
        String output = answer.message().content() == null ? "" : answer.message().content();
        checkpoint(runId, queue);
        update(
            tenantId,
            runId,
            r -> {
              r.progress(state.toJson(), totals.steps, totals.in, totals.out, totals.cost);
              r.succeed(output);
            });
        events.append(
            tenantId,
            runId,
            "run.succeeded",
            json().add("status", "succeeded").add("output", output).build().toString());
        return;
      }
      boolean needsApproval =
          calls.stream()
              .anyMatch(
                  c -> {
                    ToolDescriptor d = offered.get(c.name());
                    return d != null
                        && (d.requiresApproval() || spec.approvalRequired().contains(c.name()));
                  });
      if (needsApproval) {
        state.pending().addAll(calls);
        save(tenantId, runId, state, totals);
        awaitApproval(tenantId, runId, state, totals);
        return;
      }
      runTools(tenantId, run, offered, calls, state, totals, queue);
      save(tenantId, runId, state, totals);
    }
  }

  private ModelResponse callModel(
      String tenantId,
      String runId,
      AgentSpec spec,
      List<ToolDefinition> definitions,
      RunState state,
      Totals totals,
      RunQueue queue) {
    int seq = ++totals.steps;
    Instant started = Times.now();
    RunStep step =
        tx.inTenant(
            tenantId,
            em -> {
              RunStep s =
                  new RunStep(
                      runId, seq, "model_call", spec.model(), null, null, "running", started);
              em.persist(s);
              return s;
            });
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
            return queue.cancelled(runId);
          }
        };
    ModelResponse answer;
    try {
      answer = models.complete(tenantId, spec.model(), request, stream);
    } catch (ProblemException e) {
      finishStep(tenantId, step.id(), "failed", e.code() + ": " + e.getMessage(), TokenUsage.NONE);
      throw e;
    }
    TokenUsage usage = answer.usage() == null ? TokenUsage.NONE : answer.usage();
    totals.in += usage.input();
    totals.out += usage.output();
    totals.cost = totals.cost.add(models.cost(spec.model(), usage));
    String content = answer.message().content() == null ? "" : answer.message().content();
    finishStep(tenantId, step.id(), "succeeded", content, usage);
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
    if (queue.cancelled(runId)) {
      throw new Stop("cancelled", "The run was cancelled.");
    }
    return answer;
  }

  /** Runs {@code calls}: read-only ones in parallel first, then the others one at a time. */
  private void runTools(
      String tenantId,
      Run run,
      Map<String, ToolDescriptor> offered,
      List<ToolCall> calls,
      RunState state,
      Totals totals,
      RunQueue queue) {
    Map<String, ToolResult> results = new LinkedHashMap<>();
    Map<String, Integer> seqs = new LinkedHashMap<>();
    for (ToolCall call : calls) {
      seqs.put(call.id(), ++totals.steps);
    }
    List<ToolCall> parallel = new ArrayList<>();
    List<ToolCall> serial = new ArrayList<>();
    for (ToolCall call : calls) {
      ToolDescriptor d = offered.get(call.name());
      (d != null && d.readOnly() ? parallel : serial).add(call);
    }
    List<Future<ToolResult>> futures = new ArrayList<>();
    for (ToolCall call : parallel) {
      futures.add(
          executor.submit(() -> runTool(tenantId, run, offered, call, seqs.get(call.id()), state)));
    }
    for (int i = 0; i < parallel.size(); i++) {
      try {
        results.put(parallel.get(i).id(), futures.get(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stop("cancelled", "The run was interrupted.");
      } catch (java.util.concurrent.ExecutionException e) {
        results.put(parallel.get(i).id(), ToolResult.error("The tool failed."));
      }
    }
    for (ToolCall call : serial) {
      checkpoint(run.id(), queue);
      results.put(call.id(), runTool(tenantId, run, offered, call, seqs.get(call.id()), state));
    }
    for (ToolCall call : calls) {
      ToolResult r = results.get(call.id());
      state.messages().add(ModelMessage.toolResult(call.id(), r.content()));
    }
  }

  private ToolResult runTool(
      String tenantId,
      Run run,
      Map<String, ToolDescriptor> offered,
      ToolCall call,
      int seq,
      RunState state) {
    String runId = run.id();
    Instant started = Times.now();
    RunStep step =
        tx.inTenant(
            tenantId,
            em -> {
              RunStep s =
                  new RunStep(
                      runId,
                      seq,
                      "tool_call",
                      call.name(),
                      call.id(),
                      call.argumentsJson(),
                      "running",
                      started);
              em.persist(s);
              return s;
            });
    events.append(
        tenantId,
        runId,
        "tool.call",
        json()
            .add("seq", seq)
            .add("id", call.id())
            .add("name", call.name())
            .add("arguments", call.argumentsJson() == null ? "{}" : call.argumentsJson())
            .build()
            .toString());
    ToolResult result;
    RunState.Decision decision = state.decisions().get(call.id());
    if (decision != null && !decision.approved()) {
      result =
          ToolResult.error(
              "A person denied this call"
                  + (decision.reason() == null ? "." : ": " + decision.reason()));
    } else if (!offered.containsKey(call.name())) {
      result = ToolResult.error("There is no tool named " + call.name() + " for this agent.");
    } else {
      result =
          tools.invoke(
              tenantId,
              call.name(),
              new ToolInvocation(
                  call.argumentsJson() == null ? "{}" : call.argumentsJson(),
                  runId,
                  run.projectId()));
    }
    String content = result.content() == null ? "" : result.content();
    if (content.length() > MAX_TOOL_RESULT) {
      content = content.substring(0, MAX_TOOL_RESULT) + "\n[truncated]";
      result = new ToolResult(content, result.isError());
    }
    finishStep(
        tenantId, step.id(), result.isError() ? "failed" : "succeeded", content, TokenUsage.NONE);
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

  private void awaitApproval(String tenantId, String runId, RunState state, Totals totals) {
    update(
        tenantId,
        runId,
        r -> {
          r.progress(state.toJson(), totals.steps, totals.in, totals.out, totals.cost);
          r.moveTo(RunStatus.AWAITING_APPROVAL);
        });
    var calls = Json.createArrayBuilder();
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
        tenantId,
        runId,
        "run.awaiting_approval",
        json().add("status", "awaiting_approval").add("tool_calls", calls).build().toString());
  }

  private void checkpoint(String runId, RunQueue queue) {
    if (queue.cancelled(runId)) {
      throw new Stop("cancelled", "The run was cancelled.");
    }
    if (!queue.renew(runId)) {
      throw new Lost();
    }
  }

  private void save(String tenantId, String runId, RunState state, Totals totals) {
    update(
        tenantId,
        runId,
        r -> r.progress(state.toJson(), totals.steps, totals.in, totals.out, totals.cost));
  }

  private void finishStep(
      String tenantId, String stepId, String status, String result, TokenUsage usage) {
    tx.inTenantDo(
        tenantId,
        em ->
            Optional.ofNullable(em.find(RunStep.class, stepId))
                .ifPresent(s -> s.finish(status, result, usage.input(), usage.output())));
  }

  private void finish(String tenantId, String runId, Totals totals, String code, String message) {
    boolean cancelled = "cancelled".equals(code);
    update(
        tenantId,
        runId,
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
        });
    JsonObjectBuilder data = json().add("status", cancelled ? "cancelled" : "failed");
    if (!cancelled) {
      data.add("error_code", code).add("error", message == null ? "" : message);
    }
    events.append(
        tenantId, runId, cancelled ? "run.cancelled" : "run.failed", data.build().toString());
  }

  private void update(String tenantId, String runId, java.util.function.Consumer<Run> change) {
    tx.inTenantDo(
        tenantId,
        em -> {
          Run r = em.find(Run.class, runId);
          if (r != null) {
            change.accept(r);
          }
        });
  }

  private static JsonObjectBuilder json() {
    return Json.createObjectBuilder();
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
}
