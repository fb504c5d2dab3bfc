/**
 * Runs: an agent answering one message, asynchronously. A run is a durable row; workers on any node
 * claim queued runs (and runs whose worker stopped renewing its lease), execute the agent loop —
 * model call, tool calls, results back, until done, the step limit, the token budget or a cancel —
 * record every step, and publish the progress as a replayable event log.
 */
package dev.atelier.core.runs;
