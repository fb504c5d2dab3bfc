import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The core's own Flyway statements on some tables, for the benchmarks at the database. */
final class Schema {

  private Schema() {}

  /** Every CREATE or ALTER of a table or index naming one of {@code tables}, in version order. */
  static List<String> of(Path dir, String... tables) throws Exception {
    List<Path> files;
    try (var s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().matches("V\\d+(_\\d+)?__.*\\.sql"))
              .sorted((a, b) -> version(a).compareTo(version(b)))
              .toList();
    }
    String names = "(" + String.join("|", tables) + ")";
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      StringBuilder sql = new StringBuilder();
      for (String line : Files.readAllLines(f)) {
        if (!line.trim().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      for (String st : sql.toString().split(";")) {
        String t = st.trim();
        if (t.matches(
            "(?is)(CREATE|ALTER)\\s+(UNIQUE\\s+)?(TABLE|INDEX)\\b.*\\b" + names + "\\b.*")) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** V8_1 as 8.1: the order Flyway applies them in. */
  static java.math.BigDecimal version(Path p) {
    String n = p.getFileName().toString();
    return new java.math.BigDecimal(n.substring(1, n.indexOf("__")).replace('_', '.'));
  }
}
