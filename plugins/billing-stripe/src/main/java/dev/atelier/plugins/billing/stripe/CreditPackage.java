package dev.atelier.plugins.billing.stripe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pack of credits sold at a Stripe price: read from {@code credit-packages}, entries {@code
 * <key>=<stripe price id>:<credits>} separated by commas or semicolons, e.g. {@code
 * small=price_1AbC:1000,large=price_9XyZ:12000}.
 */
public record CreditPackage(String key, String priceId, long credits) {

  /** The packages of {@code spec}; entries that do not read go to {@code errors}. */
  static Map<String, CreditPackage> parse(String spec, List<String> errors) {
    Map<String, CreditPackage> out = new LinkedHashMap<>();
    if (spec == null) {
      return out;
    }
    for (String raw : spec.split("[,;]")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      int colon = entry.lastIndexOf(':');
      CreditPackage p = null;
      if (eq > 0 && colon > eq + 1) {
        try {
          long credits = Long.parseLong(entry.substring(colon + 1).strip());
          String key = entry.substring(0, eq).strip();
          String price = entry.substring(eq + 1, colon).strip();
          if (credits > 0 && key.matches("[a-z0-9][a-z0-9_-]{0,63}") && !price.isEmpty()) {
            p = new CreditPackage(key, price, credits);
          }
        } catch (NumberFormatException e) {
          p = null;
        }
      }
      if (p == null) {
        errors.add("'" + entry + "' is not <key>=<stripe price id>:<credits>");
      } else {
        out.put(p.key(), p);
      }
    }
    return out;
  }

  /** Every package, for a view. */
  static List<CreditPackage> all(Map<String, CreditPackage> packages) {
    return new ArrayList<>(packages.values());
  }
}
