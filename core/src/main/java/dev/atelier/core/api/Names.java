package dev.atelier.core.api;

/** How Java names appear on the wire. */
public final class Names {

  private Names() {}

  /**
   * The JSON name of a Java member: the same translation as JSON-B's {@code
   * LOWER_CASE_WITH_UNDERSCORES} ({@code createdAt} is {@code created_at}).
   */
  public static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
