package dev.atelier.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.atelier.core.api.RestApplication;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.Startup;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of core (docs/architecture.md), checked on its compiled classes: feature packages
 * without cycles, resources as the HTTP layer only, entities that know nothing but JPA. Writes the
 * package map to {@code target/package-dependencies.txt}.
 */
class ArchitectureTest {

  private static final String CORE = "dev.atelier.core.";

  /** The two classes that wire every feature together, and may: the REST application, start-up. */
  private static final DescribedPredicate<JavaClass> WIRING =
      JavaClass.Predicates.belongToAnyOf(RestApplication.class, Startup.class);

  /** A resource, or a class nested in one: the HTTP layer. */
  private static final DescribedPredicate<JavaClass> REST_LAYER =
      DescribedPredicate.describe(
          "a core *Resource (or nested in one)",
          c ->
              c.getPackageName().startsWith(CORE)
                  && topLevel(c).getSimpleName().endsWith("Resource"));

  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.atelier.core");
  }

  @Test
  void featurePackagesFormNoCycle() {
    slices()
        .matching("dev.atelier.core.(*)..")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(WIRING, DescribedPredicate.alwaysTrue())
        .check(core);
  }

  @Test
  void onlyTheRestLayerUsesResources() {
    noClasses()
        .that(DescribedPredicate.not(REST_LAYER))
        .and(DescribedPredicate.not(WIRING))
        .should()
        .dependOnClassesThat(REST_LAYER)
        .because("services, tools, chat and automations call services, not resources")
        .check(core);
  }

  @Test
  void resourcesLeavePersistenceToServices() {
    noClasses()
        .that(REST_LAYER)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jakarta.persistence..")
        .orShould()
        .dependOnClassesThat()
        .belongToAnyOf(Transactions.class)
        .because("a resource translates HTTP to a service call; the service owns transactions")
        .check(core);
  }

  @Test
  void entitiesKnowOnlyJpaAndTheirOwnPackage() {
    classes()
        .that()
        .areAnnotatedWith(Entity.class)
        .or()
        .areAnnotatedWith(MappedSuperclass.class)
        .or()
        .areAnnotatedWith(Embeddable.class)
        .should(
            dependOnlyOn(
                "java..",
                "jakarta.persistence..",
                "jakarta.validation..",
                "org.eclipse.persistence.annotations..",
                // the persistence layer itself: the tenant-owned base entity, times
                "dev.atelier.core.persistence",
                // the role a member or key holds, a value the plugin API shares with plugins
                "dev.atelier.plugin.api.web.Role"))
        .check(core);
  }

  /** Writes the package map; the cycle check above is the assertion. */
  @Test
  void writesThePackageMap() throws IOException {
    SortedMap<String, SortedSet<String>> uses = packageMap();
    StringBuilder out = new StringBuilder();
    out.append("Core packages and the core packages they use")
        .append(" (without the wiring classes RestApplication and Startup):\n\n");
    uses.forEach(
        (p, used) -> out.append(p).append(" -> ").append(String.join(" ", used)).append('\n'));
    List<SortedSet<String>> cycles = cycles(uses);
    out.append('\n').append(cycles.isEmpty() ? "No cycle." : "Cycles: " + cycles).append('\n');
    Path file = Path.of("target", "package-dependencies.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
    assertEquals(List.of(), cycles, out.toString());
  }

  private static SortedMap<String, SortedSet<String>> packageMap() {
    SortedMap<String, SortedSet<String>> uses = new TreeMap<>();
    for (JavaClass c : core) {
      String from = feature(c);
      if (from == null || WIRING.test(c)) {
        continue;
      }
      SortedSet<String> used = uses.computeIfAbsent(from, k -> new TreeSet<>());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String to = feature(d.getTargetClass());
        if (to != null && !to.equals(from)) {
          used.add(to);
        }
      }
    }
    return uses;
  }

  /** The strongly connected groups of more than one package (Tarjan). */
  static List<SortedSet<String>> cycles(Map<String, ? extends Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<SortedSet<String>> out = new ArrayList<>();
    for (String p : graph.keySet()) {
      if (!index.containsKey(p)) {
        connect(p, graph, index, low, stack, out);
      }
    }
    return out;
  }

  private static void connect(
      String p,
      Map<String, ? extends Set<String>> graph,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      List<SortedSet<String>> out) {
    index.put(p, index.size());
    low.put(p, index.get(p));
    stack.push(p);
    Set<String> next = graph.get(p);
    for (String q : next == null ? Set.<String>of() : next) {
      if (!index.containsKey(q)) {
        connect(q, graph, index, low, stack, out);
        low.put(p, Math.min(low.get(p), low.get(q)));
      } else if (stack.contains(q)) {
        low.put(p, Math.min(low.get(p), index.get(q)));
      }
    }
    if (low.get(p).equals(index.get(p))) {
      SortedSet<String> group = new TreeSet<>();
      String q;
      do {
        q = stack.pop();
        group.add(q);
      } while (!q.equals(p));
      if (group.size() > 1) {
        out.add(group);
      }
    }
  }

  @Test
  void cyclesAreFound() {
    Map<String, Set<String>> graph =
        Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of(new TreeSet<>(List.of("a", "b", "c"))), cycles(graph));
    assertEquals(List.of(), cycles(Map.of("a", Set.of("b"), "b", Set.of())));
  }

  /** The feature package of a core class ({@code projects}), or null outside core. */
  private static String feature(JavaClass c) {
    String name = c.getPackageName();
    if (!name.startsWith(CORE)) {
      return null;
    }
    String rest = name.substring(CORE.length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static JavaClass topLevel(JavaClass c) {
    JavaClass top = c;
    while (top.getEnclosingClass().isPresent()) {
      top = top.getEnclosingClass().get();
    }
    return top;
  }

  /**
   * Every dependency is on the class's own package or one of {@code packages} ({@code a.b..}: the
   * package and those below it; else one package or one class).
   */
  private static ArchCondition<JavaClass> dependOnlyOn(String... packages) {
    return new ArchCondition<>("depend only on their own package and " + List.of(packages)) {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (Dependency d : c.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          if (target.isPrimitive()
              || target.getPackageName().equals(c.getPackageName())
              || target.isArray() && target.getBaseComponentType().isPrimitive()) {
            continue;
          }
          String pkg =
              target.isArray()
                  ? target.getBaseComponentType().getPackageName()
                  : target.getPackageName();
          if (pkg.equals(c.getPackageName()) || allowed(pkg, target.getName(), packages)) {
            continue;
          }
          events.add(SimpleConditionEvent.violated(d, d.getDescription()));
        }
      }
    };
  }

  private static boolean allowed(String pkg, String name, String... patterns) {
    for (String p : patterns) {
      if (p.endsWith("..")) {
        String base = p.substring(0, p.length() - 2);
        if (pkg.equals(base) || pkg.startsWith(base + ".")) {
          return true;
        }
      } else if (pkg.equals(p) || name.equals(p)) {
        return true;
      }
    }
    return false;
  }
}
