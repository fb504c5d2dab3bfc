package dev.atelier.core.files;

import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** A file's new content: text, or base64 with {@code encoding: "base64"}. */
public record WriteFile(String content, String encoding) {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** The bytes to write; 422 when the content is missing or not what its encoding says. */
  public byte[] bytes() {
    Check check = Check.start();
    check.that(content != null, "content", "is required");
    check.that(
        encoding == null || encoding.equals("utf-8") || encoding.equals("base64"),
        "encoding",
        "must be utf-8 or base64");
    check.done();
    if (!"base64".equals(encoding)) {
      return content.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(WHITESPACE.matcher(content).replaceAll(""));
    } catch (IllegalArgumentException e) {
      throw ProblemException.validation("content", "is not valid base64");
    }
  }
}
