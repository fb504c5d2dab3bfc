package dev.atelier.core.limits;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The limits of a workspace's plan. A limit that the plan does not name is unlimited, and nothing
 * is limited while the workspace is not metered (no billing plugin is on for it).
 *
 * <p>A service that creates one more of a limited thing calls {@link #admit} inside the unit of
 * work that creates it: the workspace's credit account row is locked until that unit ends, so
 * concurrent creations are counted one after the other and never together pass the limit.
 */
public interface PlanLimits {

  /** Projects a workspace may hold. */
  String PROJECTS = "projects";

  /** Agents a workspace may define. */
  String AGENTS = "agents";

  /** Members of a workspace (pending invitations not counted). */
  String MEMBERS = "members";

  /** API keys of a workspace. */
  String API_KEYS = "api_keys";

  /** Runs (chat turns included) a workspace may start per calendar day, UTC. */
  String RUNS_PER_DAY = "runs_per_day";

  /** Every limit a plan may set. */
  List<String> KNOWN = List.of(PROJECTS, AGENTS, MEMBERS, API_KEYS, RUNS_PER_DAY);

  /**
   * Refuses with 402 {@code plan_limit_reached} when one more {@code limit} in {@code tenantId}
   * would exceed its plan's limit; {@code existing} counts what the workspace holds now, within the
   * unit of work of {@code em} (a tenant's or the platform's), which this call locks against
   * concurrent creations of the same workspace.
   */
  void admit(EntityManager em, String tenantId, String limit, LongSupplier existing);

  /**
   * Refuses with 402 {@code plan_limit_reached} when the workspace started as many runs today as
   * its plan allows; {@code startedToday} counts them. Counted at admission, without a lock: runs
   * admitted at the very same moment may pass together.
   */
  void admitRun(String tenantId, LongSupplier startedToday);
}
