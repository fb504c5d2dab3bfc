package dev.atelier.core.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelIdTest {

  @Test
  void splitsAtTheFirstColon() {
    assertEquals(
        Optional.of(new ModelId("openai", "gpt-4o-mini")), ModelId.parse("openai:gpt-4o-mini"));
    assertEquals(
        Optional.of(new ModelId("openai", "llama3.1:8b")), ModelId.parse(" openai:llama3.1:8b "));
    assertEquals(
        Optional.of(new ModelId("openai", "meta-llama/Llama-3.1-8B-Instruct")),
        ModelId.parse("openai:meta-llama/Llama-3.1-8B-Instruct"));
    assertEquals(
        "anthropic:claude-3-5-haiku-latest",
        ModelId.parse("anthropic:claude-3-5-haiku-latest").orElseThrow().toString());
  }

  @Test
  void refusesWhatIsNotProviderColonModel() {
    for (String bad :
        new String[] {
          null, "", "gpt-4o", ":gpt-4o", "openai:", "OpenAI:gpt-4o", "open ai:x", "-x:y", "x:  "
        }) {
      assertTrue(ModelId.parse(bad).isEmpty(), String.valueOf(bad));
    }
  }
}
