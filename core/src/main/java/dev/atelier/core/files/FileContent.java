package dev.atelier.core.files;

import java.time.Instant;
import java.util.Base64;

/**
 * A file as JSON: its text when it is UTF-8 ({@code encoding: "utf-8"}), else its bytes in base64.
 */
public record FileContent(
    String path, long size, Instant modifiedAt, String etag, String encoding, String content) {

  /** {@code data} as JSON: its text when it is UTF-8, else its bytes in base64. */
  public static FileContent of(FileData data) {
    FileEntry e = data.entry();
    String text = data.text();
    return new FileContent(
        e.path(),
        e.size(),
        e.modifiedAt(),
        data.etag(),
        text != null ? "utf-8" : "base64",
        text != null ? text : Base64.getEncoder().encodeToString(data.content()));
  }
}
