package dev.atelier.plugin.api.event;

/**
 * The event types the core publishes.
 *
 * @since 1.0.0
 */
public final class CoreEvents {

  /** A tenant was created; subject: the tenant id. */
  public static final String TENANT_CREATED = "tenant.created";

  /** A member joined a tenant; subject: the user id; attribute {@code role}. */
  public static final String MEMBER_ADDED = "member.added";

  /** A member's role changed; subject: the user id; attribute {@code role}. */
  public static final String MEMBER_ROLE_CHANGED = "member.role_changed";

  /** A member left or was removed; subject: the user id. */
  public static final String MEMBER_REMOVED = "member.removed";

  /** A project was created; subject: the project id; attribute {@code slug}. */
  public static final String PROJECT_CREATED = "project.created";

  /** A project was deleted; subject: the project id; attribute {@code slug}. */
  public static final String PROJECT_DELETED = "project.deleted";

  /**
   * A feature (plugin) was switched for the tenant; subject: the key; attribute {@code enabled}.
   */
  public static final String FEATURE_CHANGED = "feature.changed";

  /**
   * A run ended (succeeded, failed or cancelled); subject: the run id; attributes {@code status},
   * {@code agent}, {@code trigger} ({@code api}, {@code chat}, {@code automation} …), {@code
   * chat_id} for a chat turn, {@code error_code} for a failure.
   *
   * @since 1.1.0
   */
  public static final String RUN_FINISHED = "run.finished";

  /**
   * A git host reported a push to the branch a project is linked to, and a pull of the project
   * started; subject: the project id; attributes {@code provider}, {@code repository}, {@code
   * branch} and {@code after} (the commit the branch now points at).
   *
   * @since 1.1.0
   */
  public static final String GIT_PUSHED = "git.pushed";

  /**
   * A one-off payment a plugin asked for ({@link dev.atelier.plugin.api.billing.PaymentRequest})
   * was collected by the billing provider; subject: the request's reference; attributes {@code
   * purpose}, {@code reference} and {@code payment} (the provider's id of the payment). May arrive
   * more than once: act once per {@code payment}.
   *
   * @since 1.1.0
   */
  public static final String PAYMENT_COMPLETED = "payment.completed";

  private CoreEvents() {}
}
