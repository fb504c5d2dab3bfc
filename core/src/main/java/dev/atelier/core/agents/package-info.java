/**
 * Agents: specs written in YAML or JSON that name a model, instructions and tools, validated
 * against a published JSON Schema (draft 2020-12) after hardened parsing, stored per workspace and
 * read by the run engine through {@link dev.atelier.core.agents.Agents}.
 */
package dev.atelier.core.agents;
