package dev.atelier.core.automations;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * An agent run on a schedule (or on an event, {@link #eventType()}, such as a push to a project's
 * repository): at each time its cron expression names in its time zone, a run of its agent on its
 * message in its project. {@code nextRunAt} is the next due time (null while disabled); the timer
 * moves it on when it fires (see {@link AutomationTimer}).
 */
@Entity
@Table(name = "automations")
public class Automation extends TenantOwned {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  private String description;

  private String cron;

  @Column(name = "event_type")
  private String eventType;

  @Column(nullable = false)
  private String timezone;

  @Column(name = "agent_name", nullable = false)
  private String agentName;

  @Column(name = "project_id")
  private String projectId;

  @Column(nullable = false)
  private String message;

  @Column(nullable = false)
  private boolean enabled;

  @Column(name = "next_run_at")
  private Instant nextRunAt;

  @Column(name = "last_run_at")
  private Instant lastRunAt;

  @Column(name = "last_run_id")
  private String lastRunId;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Automation() {}

  public Automation(
      String name,
      String description,
      Cron cron,
      String eventType,
      ZoneId timezone,
      String agentName,
      String projectId,
      String message,
      boolean enabled,
      String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.name = name;
    this.description = description;
    this.cron = cron == null ? null : cron.expression();
    this.eventType = eventType;
    this.timezone = timezone.getId();
    this.agentName = agentName;
    this.projectId = projectId;
    this.message = message;
    this.enabled = enabled;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
    planNext(cron, timezone);
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public String cron() {
    return cron;
  }

  /** The type of event that fires it ({@code git.pushed}), or null for a cron schedule. */
  public String eventType() {
    return eventType;
  }

  public String timezone() {
    return timezone;
  }

  public String agentName() {
    return agentName;
  }

  public String projectId() {
    return projectId;
  }

  public String message() {
    return message;
  }

  public boolean enabled() {
    return enabled;
  }

  public Instant nextRunAt() {
    return nextRunAt;
  }

  public Instant lastRunAt() {
    return lastRunAt;
  }

  public String lastRunId() {
    return lastRunId;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** The parsed expression (stored ones were validated when written). */
  public Cron schedule() {
    return cron == null ? null : Cron.parse(cron);
  }

  public ZoneId zone() {
    return ZoneId.of(timezone);
  }

  void rename(String name) {
    this.name = name;
    touch();
  }

  void describe(String description) {
    this.description = description;
    touch();
  }

  void retarget(String agentName) {
    this.agentName = agentName;
    touch();
  }

  void moveToProject(String projectId) {
    this.projectId = projectId;
    touch();
  }

  void reword(String message) {
    this.message = message;
    touch();
  }

  /**
   * Sets the schedule and whether it is enabled, and the next due time from now: the first time
   * after now, or none while disabled. Missed times of a disabled stretch are not made up.
   */
  void reschedule(Cron cron, ZoneId timezone, boolean enabled) {
    this.cron = cron == null ? null : cron.expression();
    this.timezone = timezone.getId();
    this.enabled = enabled;
    touch();
    planNext(cron, timezone);
  }

  /** Records the run an event fired at {@code at}. */
  void fired(Instant at, String runId) {
    this.lastRunAt = at;
    this.lastRunId = runId;
  }

  private void planNext(Cron cron, ZoneId zone) {
    nextRunAt = enabled && cron != null ? cron.next(Times.now(), zone).orElse(null) : null;
  }

  private void touch() {
    updatedAt = Times.now();
  }
}
