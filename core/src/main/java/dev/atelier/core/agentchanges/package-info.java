/**
 * Agent changes (ADR 0029): {@code POST /api/v1/agent-changes} hands a request to an agent that
 * works on a new branch of the project's repository (or its base branch); its work is committed,
 * pushed with the caller's connection and opened as a pull request. One task of kind {@code
 * agent.change} does it, waiting with no worker while the agent's run goes on (it resumes when the
 * run ends: {@link dev.atelier.core.agentchanges.AgentChangeRuns}).
 */
package dev.atelier.core.agentchanges;
