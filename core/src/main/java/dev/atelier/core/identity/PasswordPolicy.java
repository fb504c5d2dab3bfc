package dev.atelier.core.identity;

import dev.atelier.plugin.api.web.Check;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be: 8 to 128 characters, not only spaces, not one of the frequently used
 * passwords (checked case-insensitively) and not the account's e-mail address.
 */
public final class PasswordPolicy {

  public static final int MIN = 8;
  public static final int MAX = 128;
  private static final Set<String> COMMON = load();

  private PasswordPolicy() {}

  public static void check(Check check, String field, String password, String email) {
    if (password == null || password.isEmpty()) {
      check.fail(field, "is required");
      return;
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN) {
      check.fail(field, "must be at least " + MIN + " characters");
    } else if (length > MAX) {
      check.fail(field, "must be at most " + MAX + " characters");
    } else if (password.isBlank()) {
      // spaces are allowed in a password (NIST SP 800-63B), but not as all of it
      check.fail(field, "must contain something other than spaces");
    } else if (COMMON.contains(password.toLowerCase(Locale.ROOT))) {
      check.fail(field, "is too common; choose another password");
    } else if (email != null && password.equalsIgnoreCase(email.trim())) {
      check.fail(field, "must not be your e-mail address");
    }
  }

  private static Set<String> load() {
    Set<String> set = new HashSet<>();
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/common-passwords.txt")) {
      if (in == null) {
        return set;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        String w = line.trim();
        if (!w.isEmpty() && !w.startsWith("#")) {
          set.add(w.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(set);
  }
}
