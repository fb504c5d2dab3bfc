package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;

/**
 * A file of a frozen snapshot: its path relative to the output folder (with {@code /}, no leading
 * slash), its SHA-1 (lowercase hex) and its size in bytes.
 *
 * @since 1.0.0
 */
@Incubating
public record DeploymentFile(String path, String sha1, long size) {}
