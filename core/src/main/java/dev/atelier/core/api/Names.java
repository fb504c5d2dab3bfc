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

  /**
   * A record component's JSON name: its {@code @JsonbProperty} (for a name Java does not allow,
   * like {@code package}), else its name in snake_case.
   */
  public static String property(java.lang.reflect.RecordComponent rc) {
    jakarta.json.bind.annotation.JsonbProperty named =
        rc.getAccessor().getAnnotation(jakarta.json.bind.annotation.JsonbProperty.class);
    return named != null && !named.value().isEmpty() ? named.value() : snakeCase(rc.getName());
  }
}
