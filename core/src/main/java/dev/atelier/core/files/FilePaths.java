package dev.atelier.core.files;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * The rules for the paths clients give: relative to the project, {@code /}-separated, at most
 * {@value #MAX_LENGTH} characters and {@value #MAX_SEGMENT_BYTES} bytes a name, valid Unicode, no
 * backslash, no control character, no drive letter, and no {@code ..} that climbs out of the
 * project. A valid path is normalized: empty and {@code .} segments drop out, {@code ..} removes
 * the segment before it. Whether a path leads outside through a symbolic link is for {@link
 * ProjectTree} to check on disk.
 */
public final class FilePaths {

  /** The longest path accepted, in characters. */
  public static final int MAX_LENGTH = 1024;

  /** The longest name (one segment) accepted, in UTF-8 bytes, as most file systems allow. */
  public static final int MAX_SEGMENT_BYTES = 255;

  /** Names starting with this are the server's temporary files, never the client's. */
  static final String TEMP_PREFIX = ".atelier-tmp-";

  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*", Pattern.DOTALL);

  private FilePaths() {}

  /**
   * The normalized form of {@code raw}: the empty string for the project's root folder (also for
   * null). Throws 422 {@code invalid_path} naming {@code field} when the path breaks a rule.
   */
  public static String normalize(String field, String raw) {
    if (raw == null) {
      return "";
    }
    if (raw.length() > MAX_LENGTH) {
      throw FileProblems.invalidPath(field, "must be at most " + MAX_LENGTH + " characters");
    }
    if (raw.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw FileProblems.invalidPath(field, "must not contain control characters");
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(raw)) {
      // a lone UTF-16 surrogate (JSON allows "\ud800"): no file system can name it
      throw FileProblems.invalidPath(field, "must be valid Unicode text");
    }
    if (raw.indexOf('\\') >= 0) {
      throw FileProblems.invalidPath(field, "must separate folders with /, not \\");
    }
    if (raw.startsWith("/") || DRIVE.matcher(raw).matches()) {
      throw FileProblems.invalidPath(field, "must be relative to the project");
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : raw.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw FileProblems.invalidPath(field, "must not lead outside the project");
        }
        segments.removeLast();
        continue;
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw FileProblems.invalidPath(
            field, "each name must be at most " + MAX_SEGMENT_BYTES + " bytes");
      }
      if (segment.startsWith(TEMP_PREFIX)) {
        throw FileProblems.invalidPath(
            field, "names starting with " + TEMP_PREFIX + " are reserved");
      }
      segments.addLast(segment);
    }
    return String.join("/", segments);
  }

  /** Like {@link #normalize}, but the path must name something inside the project, not its root. */
  public static String required(String field, String raw) {
    if (raw == null || raw.isEmpty()) {
      throw FileProblems.invalidPath(field, "is required");
    }
    String path = normalize(field, raw);
    if (path.isEmpty()) {
      throw FileProblems.invalidPath(field, "must name a file or folder inside the project");
    }
    return path;
  }
}
