package dev.atelier.core.tasks;

import dev.atelier.plugin.api.web.ProblemException;
import java.util.List;

/**
 * A problem that ends a task, with the files it concerns (the conflicting paths of a merge): what
 * {@link TaskError#paths()} shows.
 */
public class TaskFailure extends ProblemException {

  private static final long serialVersionUID = 1L;

  private final List<String> paths;

  public TaskFailure(int status, String code, String title, String detail, List<String> paths) {
    super(status, code, title, detail);
    this.paths = List.copyOf(paths);
  }

  public List<String> paths() {
    return paths;
  }
}
