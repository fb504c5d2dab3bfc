package dev.atelier.plugin.api.deploy;

import dev.atelier.plugin.api.Incubating;
import java.io.IOException;
import java.util.List;

/**
 * The frozen copy of a project's output folder a deployment sends: its files with their digests,
 * and their content, which no longer changes when the project's files do.
 *
 * @since 1.0.0
 */
@Incubating
public interface DeploymentSnapshot {

  /** Every file, ordered by path. */
  List<DeploymentFile> files();

  /** The content of the file at {@code path}. */
  byte[] read(String path) throws IOException;
}
