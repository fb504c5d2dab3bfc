package dev.atelier.core.files;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A file or folder of a project, as listings show it.
 *
 * @param path the normalized path from the project's root, {@code /}-separated
 * @param name the last segment of the path
 * @param type {@value #FILE} or {@value #DIRECTORY}
 * @param size the size in bytes of a file; null for a folder
 * @param modifiedAt when it last changed (millisecond precision)
 */
public record FileEntry(
    String path, String name, String type, @Schema(nullable = true) Long size, Instant modifiedAt) {

  /** The type of a file. */
  public static final String FILE = "file";

  /** The type of a folder. */
  public static final String DIRECTORY = "directory";
}
