package dev.atelier.core.automations;

/** A cron expression that cannot be read; the message names the field that is wrong. */
public final class CronSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String field;

  CronSyntaxException(Cron.Field field, String problem) {
    super(field == null ? problem : field.label + " field: " + problem);
    this.field = field == null ? null : field.label;
  }

  /** The cron field that is wrong ({@code hour}, {@code day-of-week}, …), or null for the whole. */
  public String field() {
    return field;
  }
}
