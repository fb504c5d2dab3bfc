package dev.atelier.core.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mails' templates: {@code mail/<name>.txt} (its first line {@code Subject: …}, a blank line,
 * then the text body) and {@code mail/<name>.html}, on the class path. {@code {{key}}} stands for a
 * value; values are HTML-escaped in the HTML body. A placeholder without a value is an error, so a
 * template and its callers cannot drift apart silently.
 */
public final class MailTemplates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

  private MailTemplates() {}

  /** Renders template {@code name} with {@code values}. */
  public static MailMessage render(String name, Map<String, String> values) {
    String text = read(name + ".txt");
    if (!text.startsWith("Subject: ")) {
      throw new IllegalStateException("mail/" + name + ".txt does not start with a subject line");
    }
    int end = text.indexOf('\n');
    String subject = fill(text.substring("Subject: ".length(), end).trim(), values, false);
    String body = fill(text.substring(end + 1).stripLeading(), values, false);
    String html = fill(read(name + ".html"), values, true);
    return new MailMessage(subject, body, html);
  }

  private static String read(String file) {
    try (InputStream in = MailTemplates.class.getResourceAsStream("/mail/" + file)) {
      if (in == null) {
        throw new IllegalStateException("No mail template mail/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String fill(String template, Map<String, String> values, boolean html) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("No value for {{" + m.group(1) + "}}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(html ? escape(value) : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@code value} safe in HTML text and attribute values. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
