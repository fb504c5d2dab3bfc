package dev.atelier.plugin.api.marketplace;

import dev.atelier.plugin.api.Incubating;
import java.util.List;
import java.util.Map;

/**
 * A project template's content at one version.
 *
 * @param id the template's id at its provider
 * @param version the version these contents are
 * @param files the files by relative path
 * @param agents the agent specs, as JSON (see {@code docs/agents.md})
 * @since 1.1.0
 */
@Incubating
public record ProjectTemplate(
    String id, String version, Map<String, byte[]> files, List<String> agents) {}
