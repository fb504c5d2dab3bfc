package dev.atelier.core.tasks;

/**
 * Thrown by a {@link TaskHandler} whose task must wait for something outside it (an agent's run to
 * end, an approval): the task leaves its worker and becomes {@code waiting}, holding no lease and
 * no worker, until its feature calls {@link Tasks#resume}; then the handler is called again from
 * the beginning and reads from its own records how far it got.
 */
public class TaskWait extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what the task waits for, shown as the task's {@code message}
   */
  public TaskWait(String message) {
    super(message, null, false, false);
  }
}
