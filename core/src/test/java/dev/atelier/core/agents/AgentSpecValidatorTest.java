package dev.atelier.core.agents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AgentSpecValidatorTest {

  private static final String GOOD_YAML =
      """
      name: day-planner
      description: Plans the day
      model: openai:gpt-4o-mini
      instructions: |
        You plan the day.
        Be brief.
      tools:
        - calendar_read
        - send_email
      max_steps: 12
      temperature: 0.7
      token_budget: 50000
      approval_required:
        - send_email
      labels: [planning, ops]
      """;

  private static final String GOOD_JSON =
      """
      {
        "name": "day-planner",
        "description": "Plans the day",
        "model": "openai:gpt-4o-mini",
        "instructions": "You plan the day.\\nBe brief.\\n",
        "tools": ["calendar_read", "send_email"],
        "max_steps": 12,
        "temperature": 0.7,
        "token_budget": 50000,
        "approval_required": ["send_email"],
        "labels": ["planning", "ops"]
      }
      """;

  private static SpecValidation yaml(String content) {
    return AgentSpecValidator.validate(content, SpecFormat.YAML);
  }

  private static SpecValidation json(String content) {
    return AgentSpecValidator.validate(content, SpecFormat.JSON);
  }

  /** A minimal valid YAML spec followed by {@code more} lines. */
  private static String minimal(String more) {
    return "name: helper\nmodel: openai:gpt-4o-mini\ninstructions: Help.\n" + more;
  }

  /** The one error of an invalid spec. */
  private static SpecError only(SpecValidation v) {
    assertFalse(v.valid(), "expected an invalid spec");
    assertEquals(1, v.errors().size(), v.errors().toString());
    return v.errors().get(0);
  }

  private static SpecError errorAt(SpecValidation v, String location) {
    assertFalse(v.valid(), "expected an invalid spec");
    return v.errors().stream()
        .filter(e -> e.location().equals(location))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no error at " + location + ": " + v.errors()));
  }

  private static void assertAt(SpecError e, int line, int column) {
    assertEquals(line, e.line(), e.toString());
    assertEquals(column, e.column(), e.toString());
  }

  @Test
  void aGoodYamlSpecIsValidWithEveryField() {
    SpecValidation v = yaml(GOOD_YAML);
    assertTrue(v.valid(), v.errors().toString());
    assertEquals("day-planner", v.name());
    AgentSpec s = v.spec();
    assertEquals(
        new AgentSpec(
            "day-planner",
            "Plans the day",
            "openai:gpt-4o-mini",
            "You plan the day.\nBe brief.\n",
            List.of("calendar_read", "send_email"),
            12,
            0.7,
            50_000L,
            List.of("send_email"),
            List.of("planning", "ops")),
        s);
    assertEquals("openai", s.provider());
    assertEquals("gpt-4o-mini", s.modelId());
  }

  @Test
  void labelsFollowTheirPattern() {
    SpecValidation v = yaml("name: a\nmodel: openai:m\ninstructions: x\nlabels: [Support, ok]\n");
    assertFalse(v.valid());
    assertTrue(
        v.errors().stream().anyMatch(e -> e.toString().contains("labels")), v.errors().toString());
    assertTrue(yaml("name: a\nmodel: openai:m\ninstructions: x\n").spec().labels().isEmpty());
  }

  @Test
  void aGoodJsonSpecIsTheSameSpec() {
    SpecValidation v = json(GOOD_JSON);
    assertTrue(v.valid(), v.errors().toString());
    assertEquals(yaml(GOOD_YAML).spec(), v.spec());
  }

  @Test
  void defaultsApplyToAMinimalSpec() {
    SpecValidation v = yaml("name: greet\nmodel: anthropic:claude-sonnet-4-6\ninstructions: hi");
    assertTrue(v.valid(), v.errors().toString());
    AgentSpec s = v.spec();
    assertNull(s.description());
    assertEquals(List.of(), s.tools());
    assertEquals(20, s.maxSteps());
    assertNull(s.temperature());
    assertNull(s.tokenBudget());
    assertEquals(List.of(), s.approvalRequired());
    // optional fields may be null, meaning absent
    SpecValidation nulls =
        yaml(
            minimal(
                "description:\ntools: ~\nmax_steps: null\ntemperature:\n"
                    + "token_budget:\napproval_required:\n"));
    assertTrue(nulls.valid(), nulls.errors().toString());
    assertEquals(20, nulls.spec().maxSteps());
    assertEquals(List.of(), nulls.spec().tools());
  }

  @Test
  void theNormalizedJsonRoundTrips() {
    AgentSpec s = yaml(GOOD_YAML).spec();
    String json = SpecJson.write(s);
    assertTrue(json.contains("\"max_steps\":12"), json);
    assertTrue(json.contains("\"approval_required\":[\"send_email\"]"), json);
    assertFalse(json.contains("provider"), json);
    assertEquals(s, SpecJson.read(json));
    AgentSpec minimal = yaml(minimal("")).spec();
    String minimalJson = SpecJson.write(minimal);
    assertTrue(minimalJson.contains("\"temperature\":null"), minimalJson);
    assertEquals(minimal, SpecJson.read(minimalJson));
    // the normalized JSON is itself a valid JSON spec
    assertEquals(s, json(json).spec());
  }

  @Test
  void limitsThemselvesAreAccepted() {
    String tools =
        IntStream.range(0, 64).mapToObj(i -> "t" + i).collect(Collectors.joining(", ", "[", "]"));
    SpecValidation v =
        yaml(
            "name: "
                + "a".repeat(64)
                + "\nmodel: p:"
                + "m".repeat(200)
                + "\ninstructions: "
                + "x".repeat(100_000)
                + "\ndescription: "
                + "d".repeat(4000)
                + "\ntools: "
                + tools
                + "\nmax_steps: 100\ntemperature: 2\ntoken_budget: 10000000\n");
    assertTrue(v.valid(), v.errors().toString());
    assertEquals(64, v.spec().tools().size());
    assertEquals(2.0, v.spec().temperature());
    SpecValidation low = yaml(minimal("max_steps: 1\ntemperature: 0\ntoken_budget: 1\n"));
    assertTrue(low.valid(), low.errors().toString());
    assertEquals(0.0, low.spec().temperature());
    // an integer may be written as a whole decimal
    SpecValidation decimal =
        json("{\"name\":\"a\",\"model\":\"p:m\",\"instructions\":\"i\"," + "\"max_steps\":20.0}");
    assertTrue(decimal.valid(), decimal.errors().toString());
    assertEquals(20, decimal.spec().maxSteps());
    // model ids with slashes, dots and colons of their own
    for (String model :
        List.of("openrouter:meta-llama/llama-3.1-70b", "ollama:llama3:8b", "x:y", "a-1:m.v2")) {
      SpecValidation m = yaml("name: a\nmodel: \"" + model + "\"\ninstructions: i");
      assertTrue(m.valid(), model + ": " + m.errors());
    }
  }

  @Test
  void missingFieldsAreRequired() {
    SpecValidation v = yaml("description: nothing else\n");
    assertEquals(3, v.errors().size(), v.errors().toString());
    for (String field : List.of("name", "model", "instructions")) {
      SpecError e = errorAt(v, "/" + field);
      assertEquals("is required", e.message());
      assertAt(e, 1, 1);
    }
    assertNull(v.name());
    SpecValidation json = json("{\n  \"name\": \"x\"\n}");
    assertEquals("is required", errorAt(json, "/model").message());
    assertEquals("x", json.name());
  }

  @Test
  void unknownFieldsAreErrorsAtTheirKey() {
    SpecValidation v = yaml(minimal("colour: blue\nnested:\n  deep: 1\n"));
    SpecError colour = errorAt(v, "/colour");
    assertEquals("is not a known field", colour.message());
    assertAt(colour, 4, 1);
    assertAt(errorAt(v, "/nested"), 5, 1);
    assertEquals(2, v.errors().size(), v.errors().toString());
    // a key with a slash or tilde is escaped in the pointer
    assertAt(errorAt(yaml(minimal("a/b~c: 1\n")), "/a~1b~0c"), 4, 1);
    // in JSON too, with its position
    SpecError j =
        errorAt(
            json("{\"name\":\"a\",\"model\":\"p:m\",\"instructions\":\"i\",\n  \"extra\": 1}"),
            "/extra");
    assertAt(j, 2, 3);
  }

  @Test
  void wrongTypesSayWhatIsExpected() {
    SpecValidation v =
        yaml(
            "name: 42\nmodel: [a]\ninstructions: {a: 1}\ntools: calendar\nmax_steps: twenty\n"
                + "temperature: hot\ntoken_budget: 1.5\napproval_required: true\n"
                + "description: [x]\n");
    assertEquals("must be a string", errorAt(v, "/name").message());
    assertEquals("must be a string", errorAt(v, "/model").message());
    assertEquals("must be a string", errorAt(v, "/instructions").message());
    assertEquals("must be a list", errorAt(v, "/tools").message());
    assertEquals("must be an integer", errorAt(v, "/max_steps").message());
    assertEquals("must be a number", errorAt(v, "/temperature").message());
    assertEquals("must be an integer", errorAt(v, "/token_budget").message());
    assertEquals("must be a list", errorAt(v, "/approval_required").message());
    assertEquals("must be a string", errorAt(v, "/description").message());
    assertAt(errorAt(v, "/max_steps"), 5, 1);
    assertNull(v.name(), "a name that is not a string is not reported");
    assertNull(v.spec());

    SpecError items = errorAt(yaml(minimal("tools: [a, 7, b]\n")), "/tools/1");
    assertEquals("must be a string", items.message());
    assertAt(items, 4, 12);

    // the document must be a mapping
    for (String notAMapping : List.of("- a\n- b\n", "just text", "42")) {
      SpecError e = only(yaml(notAMapping));
      assertEquals("", e.location());
      assertEquals("must be an object (a mapping of fields)", e.message());
    }
    assertEquals("", only(json("[1, 2]")).location());
    assertEquals("", only(json("null")).location());
  }

  @Test
  void patternsAreExplained() {
    for (String bad :
        List.of("Planner", "-lead", "trail-", "under_score", "dots.x", "a".repeat(65), "sp ace")) {
      SpecValidation v = yaml("name: \"" + bad + "\"\nmodel: p:m\ninstructions: i");
      SpecError e = errorAt(v, "/name");
      assertTrue(e.message().startsWith("must be 1-64 lowercase letters"), e.message());
      assertEquals(bad, v.name());
    }
    for (String bad :
        List.of("gpt-4o", "OpenAI:gpt", ":gpt", "openai:", "open ai:gpt", "openai:gpt 4", "p:é")) {
      SpecValidation v = yaml("name: a\nmodel: \"" + bad + "\"\ninstructions: i");
      assertTrue(errorAt(v, "/model").message().startsWith("must be <provider>:<model>"), bad);
    }
    assertFalse(yaml("name: a\nmodel: p:" + "m".repeat(201) + "\ninstructions: i").valid());
    SpecValidation tools = yaml(minimal("tools:\n  - ok_tool\n  - Bad-Tool\n  - fine\n"));
    SpecError e = only(tools);
    assertEquals("/tools/1", e.location());
    assertEquals("must be 1-64 lowercase letters, digits or underscores", e.message());
    assertAt(e, 6, 5);
    assertFalse(yaml(minimal("tools: [\"" + "t".repeat(65) + "\"]")).valid());
    assertFalse(yaml(minimal("tools: [\"\"]")).valid());
  }

  @Test
  void aTrailingLineBreakDoesNotSlipPastAPattern() {
    assertEquals(
        "/name",
        only(json("{\"name\":\"abc\\n\",\"model\":\"p:m\"," + "\"instructions\":\"i\"}"))
            .location());
    assertEquals(
        "/model",
        only(json("{\"name\":\"abc\",\"model\":\"p:m\\n\"," + "\"instructions\":\"i\"}"))
            .location());
    assertEquals("/tools/0", only(yaml(minimal("tools: [\"web\\n\"]"))).location());
    assertEquals("ab\\z", AgentSpecValidator.endAnchoredAtEnd("ab$"));
    assertEquals("ab\\$", AgentSpecValidator.endAnchoredAtEnd("ab\\$"));
    assertEquals("ab\\\\\\z", AgentSpecValidator.endAnchoredAtEnd("ab\\\\$"));
  }

  @Test
  void rangesAndSizesAreChecked() {
    assertEquals(
        "must be at least 1", errorAt(yaml(minimal("max_steps: 0")), "/max_steps").message());
    assertEquals(
        "must be at most 100", errorAt(yaml(minimal("max_steps: 101")), "/max_steps").message());
    assertEquals(
        "must be at least 0",
        errorAt(yaml(minimal("temperature: -0.1")), "/temperature").message());
    assertEquals(
        "must be at most 2", errorAt(yaml(minimal("temperature: 2.01")), "/temperature").message());
    assertEquals(
        "must be at least 1", errorAt(yaml(minimal("token_budget: 0")), "/token_budget").message());
    assertEquals(
        "must be at most 10000000",
        errorAt(yaml(minimal("token_budget: 10000001")), "/token_budget").message());
    assertEquals(
        "must be at most 100",
        errorAt(yaml(minimal("max_steps: 99999999999999999999999999")), "/max_steps").message());
    assertEquals(
        "must be at most 2",
        errorAt(yaml(minimal("temperature: 1e300")), "/temperature").message());
    SpecValidation longText = yaml("name: a\nmodel: p:m\ninstructions: " + "x".repeat(100_001));
    assertEquals(
        "must be at most 100000 characters long", errorAt(longText, "/instructions").message());
    assertEquals(
        "must not be empty",
        errorAt(yaml("name: a\nmodel: p:m\ninstructions: ''"), "/instructions").message());
    assertEquals(
        "must be at most 4000 characters long",
        errorAt(yaml(minimal("description: " + "d".repeat(4001))), "/description").message());
    String tools =
        IntStream.range(0, 65).mapToObj(i -> "t" + i).collect(Collectors.joining(", ", "[", "]"));
    assertEquals(
        "must have at most 64 items",
        errorAt(yaml(minimal("tools: " + tools)), "/tools").message());
  }

  @Test
  void duplicateToolsPointAtTheRepeat() {
    SpecValidation v = yaml(minimal("tools:\n  - web\n  - mail\n  - web\n"));
    SpecError e = only(v);
    assertEquals("/tools/2", e.location());
    assertEquals("is listed more than once", e.message());
    assertAt(e, 7, 5);
    SpecValidation approvals = yaml(minimal("tools: [web]\napproval_required: [web, web]\n"));
    assertEquals("/approval_required/1", only(approvals).location());
  }

  @Test
  void approvalIsOnlyForTheAgentsOwnTools() {
    SpecValidation v =
        yaml(minimal("tools: [web, mail]\napproval_required:\n  - mail\n  - deploy\n"));
    SpecError e = only(v);
    assertEquals("/approval_required/1", e.location());
    assertEquals("is not one of the agent's tools", e.message());
    assertAt(e, 7, 5);
    assertEquals(
        "/approval_required/0", only(yaml(minimal("approval_required: [mail]\n"))).location());
    assertTrue(yaml(minimal("tools: [web]\napproval_required: []\n")).valid());
  }

  @Test
  void namesThatArePathsAreReserved() {
    for (String name : List.of("schema", "validate")) {
      SpecError e = only(yaml("name: " + name + "\nmodel: p:m\ninstructions: i"));
      assertEquals("/name", e.location());
      assertEquals("is reserved; choose another name", e.message());
    }
  }

  @Test
  void everyErrorIsReportedInSourceOrder() {
    SpecValidation v = yaml("name: Bad Name\nmodel: nope\ninstructions: ''\nmax_steps: 0\n");
    assertEquals(
        List.of("/name", "/model", "/instructions", "/max_steps"),
        v.errors().stream().map(SpecError::location).toList());
    assertEquals(List.of(1, 2, 3, 4), v.errors().stream().map(SpecError::line).toList());
  }

  @Test
  void yamlSyntaxErrorsHaveALineAndColumn() {
    SpecError e = only(yaml("name: a\nmodel: p:m\ninstructions: [unclosed\n"));
    assertEquals("", e.location());
    assertNotNull(e.line(), e.toString());
    assertTrue(e.line() >= 3, e.toString());
    SpecError indent = only(yaml("name: a\n  model: b: c\n"));
    assertEquals(2, indent.line(), indent.toString());
    assertFalse(indent.message().contains("Exception"), indent.message());
  }

  @Test
  void jsonSyntaxErrorsHaveALineAndColumn() {
    SpecError e = only(json("{\n  \"name\": \"a\",\n  \"model\": }"));
    assertEquals("", e.location());
    assertAt(e, 3, 12);
    SpecError eof = only(json("{\"name\": \"a\""));
    assertNotNull(eof.line());
    assertFalse(eof.message().contains("Source"), eof.message());
    assertFalse(eof.message().contains("REDACTED"), eof.message());
    SpecError trailing = only(json("{\"name\":\"a\"}\n{\"b\":1}"));
    assertEquals("must be a single JSON value, but more follows it", trailing.message());
    assertAt(trailing, 2, 1);
    assertEquals("", only(json("{'name': 'a'}")).location());
    assertEquals("", only(json("{\"a\":1,}")).location());
    SpecError nan = only(json("{\"a\": NaN}"));
    assertEquals("Non-standard token 'NaN'", nan.message());
  }

  @Test
  void emptySpecsAreInvalid() {
    for (String empty : List.of("", "   \n", "# only a comment\n")) {
      assertEquals("the spec is empty", only(yaml(empty)).message(), "yaml: " + empty);
    }
    assertEquals("the spec is empty", only(json("")).message());
    assertEquals("the spec is empty", only(json("  \n ")).message());
  }

  @Test
  void duplicateKeysAreRefused() {
    SpecError e = only(yaml("name: a\nmodel: p:m\nname: b\ninstructions: i\n"));
    assertEquals("/name", e.location());
    assertEquals("is given more than once (duplicate key)", e.message());
    assertAt(e, 3, 1);
    SpecError nested = only(yaml(minimal("tools: [a]\nx:\n  k: 1\n  k: 2\n")));
    assertEquals("/x/k", nested.location());
    SpecError j = only(json("{\"name\": \"a\",\n \"name\": \"b\"}"));
    assertTrue(j.message().contains("Duplicate field 'name'"), j.message());
    assertEquals(2, j.line(), j.toString());
  }

  @Test
  void yamlTagsAreRefusedWithoutConstructingAnything() {
    for (String tagged :
        List.of(
            "name: !!java.lang.Runtime {}\n",
            "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                + " [\"http://127.0.0.1:9/\"]]]]\n",
            "name: !!python/object:os.system x\n",
            "name: !custom x\n",
            "name: !!str 42\n",
            "tools: !!set {a, b}\n",
            "description: !!binary aGVsbG8=\n",
            "%TAG ! tag:example.com,2000:\n---\nname: !foo x\n")) {
      SpecError e = only(yaml(tagged));
      assertEquals("uses a YAML tag; tags are not allowed", e.message(), tagged);
      assertNotNull(e.line(), tagged);
    }
  }

  @Test
  void onlyOneYamlDocumentIsRead() {
    SpecError e = only(yaml(minimal("") + "---\nname: other\n"));
    assertEquals("must be a single YAML document, but a second one starts here", e.message());
    assertAt(e, 4, 1);
    // a document start and end marker around one document is fine
    assertTrue(yaml("---\n" + minimal("") + "...\n").valid());
  }

  @Test
  void billionLaughsIsStoppedByTheAliasLimit() {
    StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
      char prev = (char) (c - 1);
      bomb.append(c)
          .append(": &")
          .append(c)
          .append(" [*")
          .append(String.join(",*", java.util.Collections.nCopies(9, String.valueOf(prev))))
          .append("]\n");
    }
    SpecError e =
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> only(yaml(bomb.toString())));
    assertEquals("uses too many aliases of lists or mappings (at most 10)", e.message());
  }

  @Test
  void aliasesWithinTheLimitStillCannotExpandWithoutBound() {
    // ten aliases of one large list: few aliases, many values
    String big =
        IntStream.range(0, 2000).mapToObj(i -> "x").collect(Collectors.joining(",", "[", "]"));
    String doc = "a: &a " + big + "\nb: [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n";
    SpecError e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> only(yaml(doc)));
    assertEquals("expands to more than 10000 values (through aliases)", e.message());
    // aliases of one long string count its text each time
    String text = "t: &t \"" + "x".repeat(200_000) + "\"\nu: [*t, *t, *t, *t, *t, *t]\n";
    SpecError t = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> only(yaml(text)));
    assertTrue(t.message().startsWith("expands to more than"), t.message());
    // a few harmless aliases are fine
    SpecValidation ok = yaml(minimal("tools: &t [web]\napproval_required: *t\n"));
    assertTrue(ok.valid(), ok.errors().toString());
    assertEquals(List.of("web"), ok.spec().approvalRequired());
  }

  @Test
  void aRecursiveAliasIsRefused() {
    SpecError e = only(yaml(minimal("x: &x [a, *x]\n")));
    assertEquals("an alias refers to a value that contains it", e.message());
    SpecError m = only(yaml("&m {name: a, self: *m}\n"));
    assertEquals("an alias refers to a value that contains it", m.message());
  }

  @Test
  void hugeInputIsRefusedBeforeParsing() {
    String huge = minimal("description: " + "d".repeat(300_000));
    SpecError e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> only(yaml(huge)));
    assertEquals("is larger than 256 KiB (262144 bytes of UTF-8)", e.message());
    assertEquals("", e.location());
    assertNull(e.line());
    assertEquals(e, only(json("\"" + "x".repeat(300_000) + "\"")));
    // measured in UTF-8 bytes: 100,000 three-byte characters are too many
    assertEquals(e.message(), only(yaml(minimal("description: " + "€".repeat(100_000)))).message());
  }

  @Test
  void deepNestingIsRefused() {
    String deepYaml = minimal("x: " + "[".repeat(40) + "]".repeat(40) + "\n");
    SpecError y = only(yaml(deepYaml));
    assertEquals("is nested too deeply (at most 16 levels)", y.message());
    String deepJson = "{\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
    assertEquals("is nested too deeply (at most 16 levels)", only(json(deepJson)).message());
    String block =
        new StringBuilder("x:\n")
            .append(
                IntStream.range(1, 30)
                    .mapToObj(i -> "  ".repeat(i) + "k" + i + ":\n")
                    .collect(Collectors.joining()))
            .toString();
    assertEquals("is nested too deeply (at most 16 levels)", only(yaml(minimal(block))).message());
  }

  @Test
  void hugeNumbersAreRefusedCheaply() {
    for (String number : List.of("1e999999999", "1e-999999999", "9".repeat(150))) {
      SpecError y =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5), () -> only(yaml(minimal("max_steps: " + number))));
      assertEquals("/max_steps", y.location(), y.toString());
      assertTrue(y.message().startsWith("is a number out of range"), y.message());
      SpecError j =
          assertTimeoutPreemptively(
              Duration.ofSeconds(5),
              () ->
                  only(
                      json(
                          "{\"name\":\"a\",\"model\":\"p:m\",\"instructions\":\"i\","
                              + "\"max_steps\":"
                              + number
                              + "}")));
      assertNotNull(j.line(), j.toString());
    }
  }

  @Test
  void yamlScalarsFollowTheCoreSchema() {
    // YAML 1.1 would read on/off/yes/no as booleans and 0777 as octal
    SpecValidation v = yaml(minimal("tools: [on, off, yes, no, y, n]\nmax_steps: 0o17\n"));
    assertTrue(v.valid(), v.errors().toString());
    assertEquals(List.of("on", "off", "yes", "no", "y", "n"), v.spec().tools());
    assertEquals(15, v.spec().maxSteps());
    assertEquals(16, yaml(minimal("max_steps: 0x10")).spec().maxSteps());
    assertEquals(
        "must be a number", errorAt(yaml(minimal("temperature: .nan")), "/temperature").message());
    assertEquals(
        "must be a number", errorAt(yaml(minimal("temperature: .inf")), "/temperature").message());
    assertEquals(
        "must be a string",
        errorAt(yaml("name: a\nmodel: p:m\ninstructions: true"), "/instructions").message());
    // quoted scalars are always strings; a merge key is just an unknown field
    assertEquals(
        "must be an integer", errorAt(yaml(minimal("max_steps: \"12\"")), "/max_steps").message());
    assertEquals(
        "is not a known field", errorAt(yaml(minimal("<<: {tools: [a]}")), "/<<").message());
    // a date stays text
    SpecValidation date = yaml("name: a\nmodel: p:m\ninstructions: 2024-01-01");
    assertTrue(date.valid(), date.errors().toString());
    assertEquals("2024-01-01", date.spec().instructions());
  }

  @Test
  void complexKeysAndControlCharactersAreRefused() {
    SpecError key = only(yaml(minimal("? [a, b]\n: 1\n")));
    assertTrue(key.message().startsWith("has a key that is a list or a mapping"), key.message());
    SpecError control = only(yaml(minimal("description: \"a\u0000b\"")));
    assertEquals("", control.location());
    assertEquals("has a character that YAML does not allow (U+0000)", control.message());
    assertAt(control, 4, 16);
  }
}
