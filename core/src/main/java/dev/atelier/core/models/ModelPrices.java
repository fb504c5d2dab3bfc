package dev.atelier.core.models;

import dev.atelier.plugin.api.model.TokenUsage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The price table of models, from one configuration value ({@code atelier.models.prices}): entries
 * {@code <provider>:<model>=<input>/<output>}, in USD per million input and output tokens,
 * separated by semicolons or new lines, e.g. {@code
 * openai:gpt-4o-mini=0.15/0.60;anthropic:claude-3-5-haiku-latest=0.80/4.00}. The model name may
 * hold dots, colons and slashes; the price is what follows the last {@code =}. Entries that do not
 * read are skipped and reported by {@link #errors()}.
 */
public final class ModelPrices {

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private record Price(BigDecimal input, BigDecimal output) {}

  private final Map<String, Price> prices;
  private final List<String> errors;

  private ModelPrices(Map<String, Price> prices, List<String> errors) {
    this.prices = Map.copyOf(prices);
    this.errors = List.copyOf(errors);
  }

  /** Reads a table; null or blank is an empty one. */
  public static ModelPrices parse(String table) {
    Map<String, Price> prices = new HashMap<>();
    List<String> errors = new ArrayList<>();
    if (table != null) {
      for (String raw : table.split("[;\\n]")) {
        String entry = raw.strip();
        if (entry.isEmpty()) {
          continue;
        }
        int eq = entry.lastIndexOf('=');
        String[] both = eq < 0 ? new String[0] : entry.substring(eq + 1).split("/", -1);
        var model = eq < 0 ? null : ModelId.parse(entry.substring(0, eq)).orElse(null);
        Price price = both.length == 2 ? price(both[0], both[1]) : null;
        if (model == null || price == null) {
          errors.add(
              "'"
                  + entry
                  + "' is not <provider>:<model>=<input>/<output> (USD per million tokens)");
        } else {
          prices.put(model.toString(), price);
        }
      }
    }
    return new ModelPrices(prices, errors);
  }

  private static Price price(String input, String output) {
    try {
      BigDecimal in = new BigDecimal(input.strip());
      BigDecimal out = new BigDecimal(output.strip());
      return in.signum() < 0 || out.signum() < 0 ? null : new Price(in, out);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The entries that did not read, as sentences for the log. */
  public List<String> errors() {
    return errors;
  }

  /**
   * What {@code usage} of {@code model} cost in USD, exactly (no rounding); zero when the model has
   * no price.
   */
  public BigDecimal cost(ModelId model, TokenUsage usage) {
    Price p = model == null || usage == null ? null : prices.get(model.toString());
    if (p == null) {
      return BigDecimal.ZERO;
    }
    return p.input()
        .multiply(BigDecimal.valueOf(usage.input()))
        .add(p.output().multiply(BigDecimal.valueOf(usage.output())))
        .divide(MILLION);
  }
}
