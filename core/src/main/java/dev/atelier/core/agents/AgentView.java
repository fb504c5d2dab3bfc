package dev.atelier.core.agents;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An agent as the API shows it: the spec's fields and its source text. */
public record AgentView(
    String id,
    String name,
    @Schema(nullable = true) String description,
    String model,
    List<String> tools,
    int maxSteps,
    @Schema(nullable = true) Double temperature,
    @Schema(nullable = true) Long tokenBudget,
    List<String> approvalRequired,
    @Schema(description = "What the agent is labelled with; integrations launch agents by label")
        List<String> labels,
    String format,
    String content,
    Instant createdAt,
    Instant updatedAt,
    String createdBy) {
  static AgentView of(Agent a) {
    AgentSpec s = a.spec();
    return new AgentView(
        a.id(),
        a.name(),
        a.description(),
        a.model(),
        s.tools(),
        s.maxSteps(),
        s.temperature(),
        s.tokenBudget(),
        s.approvalRequired(),
        s.labels(),
        a.format(),
        a.content(),
        a.createdAt(),
        a.updatedAt(),
        a.createdBy());
  }
}
