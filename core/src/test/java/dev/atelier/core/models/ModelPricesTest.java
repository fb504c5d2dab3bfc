package dev.atelier.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atelier.plugin.api.model.TokenUsage;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ModelPricesTest {

  private static ModelId id(String text) {
    return ModelId.parse(text).orElseThrow();
  }

  @Test
  void pricesInputAndOutputPerMillionTokens() {
    ModelPrices prices =
        ModelPrices.parse(
            "openai:gpt-4o-mini=0.15/0.60;anthropic:claude-3-5-haiku-latest=0.80/4.00");

    assertEquals(
        new BigDecimal("0.00045"),
        prices.cost(id("openai:gpt-4o-mini"), new TokenUsage(1000, 500)).stripTrailingZeros());
    assertEquals(
        0,
        new BigDecimal("4.80")
            .compareTo(
                prices.cost(
                    id("anthropic:claude-3-5-haiku-latest"),
                    new TokenUsage(1_000_000, 1_000_000))));
    assertTrue(prices.errors().isEmpty(), prices.errors().toString());
  }

  @Test
  void modelNamesMayHoldDotsColonsAndSlashes() {
    ModelPrices prices =
        ModelPrices.parse(
            "  openai:llama3.1:8b = 0/0 \n"
                + "openai:meta-llama/Llama-3.1-70B-Instruct=0.88/0.88\n"
                + "\n"
                + "openai:gpt-4.1=2/8;");

    assertEquals(0, prices.cost(id("openai:llama3.1:8b"), new TokenUsage(10, 10)).signum());
    assertEquals(
        0,
        new BigDecimal("0.00176")
            .compareTo(
                prices.cost(
                    id("openai:meta-llama/Llama-3.1-70B-Instruct"), new TokenUsage(1000, 1000))));
    assertEquals(
        0,
        new BigDecimal("10")
            .compareTo(prices.cost(id("openai:gpt-4.1"), new TokenUsage(1_000_000, 1_000_000))));
    assertTrue(prices.errors().isEmpty(), prices.errors().toString());
  }

  @Test
  void unknownModelsCostNothing() {
    ModelPrices prices = ModelPrices.parse("openai:gpt-4o-mini=0.15/0.60");

    assertEquals(BigDecimal.ZERO, prices.cost(id("openai:gpt-4o"), new TokenUsage(5, 5)));
    assertEquals(BigDecimal.ZERO, prices.cost(null, new TokenUsage(5, 5)));
    assertEquals(BigDecimal.ZERO, ModelPrices.parse(null).cost(id("openai:x"), TokenUsage.NONE));
  }

  @Test
  void entriesThatDoNotReadAreSkippedAndReported() {
    ModelPrices prices =
        ModelPrices.parse(
            "gpt-4o=1/2;openai:gpt-4o=1;openai:a=x/2;openai:b=-1/2;openai:ok=1/2;nonsense");

    assertEquals(5, prices.errors().size(), prices.errors().toString());
    assertEquals(
        0,
        new BigDecimal("3")
            .compareTo(prices.cost(id("openai:ok"), new TokenUsage(1_000_000, 1_000_000))));
  }
}
