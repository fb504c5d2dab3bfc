package dev.atelier.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Entity tags of files: the SHA-256 of the content, quoted, so equal content has an equal tag on
 * every node. {@link #matches} reads {@code If-Match} and {@code If-None-Match} headers.
 */
final class ETags {

  private ETags() {}

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tag of a finished digest. */
  static String of(MessageDigest digest) {
    return '"' + HexFormat.of().formatHex(digest.digest()) + '"';
  }

  /** The tag of {@code content}. */
  static String of(byte[] content) {
    MessageDigest d = digest();
    d.update(content);
    return of(d);
  }

  /** The tag of the file at {@code file}. */
  static String of(Path file) throws IOException {
    MessageDigest d = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        d.update(buffer, 0, n);
      }
    }
    return of(d);
  }

  /**
   * Whether an {@code If-Match} or {@code If-None-Match} value (a list of tags or {@code *})
   * matches {@code current}, the tag of the file as it is (null when there is none). Tags compare
   * strongly; an unquoted tag is taken as if quoted.
   */
  static boolean matches(String header, String current) {
    for (String raw : header.split(",")) {
      String tag = raw.trim();
      if (tag.equals("*")) {
        return current != null;
      }
      if (current != null && (tag.equals(current) || ('"' + tag + '"').equals(current))) {
        return true;
      }
    }
    return false;
  }
}
