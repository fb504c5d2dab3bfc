package dev.atelier.core.metering;

import static dev.atelier.core.api.JsonP.JSON;

import dev.atelier.core.features.Features;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.persistence.Paging;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.plugins.Extensions;
import dev.atelier.plugin.api.billing.BillingAccount;
import dev.atelier.plugin.api.billing.BillingProvider;
import dev.atelier.plugin.api.billing.LedgerEntry;
import dev.atelier.plugin.api.billing.Plan;
import dev.atelier.plugin.api.billing.Posting;
import dev.atelier.plugin.api.billing.UsageTotal;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The credit ledger of every tenant and the platform's plans. Every ledger write locks the tenant's
 * {@link CreditAccount} row, appends one {@link CreditEntry} and moves the balance by its amount in
 * the same transaction, so the balance is the ledger's sum however many runs charge at once; a
 * reference already in the ledger is not posted again.
 *
 * <p>Metering is on for a tenant while a {@link BillingProvider} plugin is started and switched on
 * for it ({@link #active}); otherwise runs are neither charged nor refused, and the plan's limits
 * ({@link PlanLimits}) do not apply.
 *
 * <p>A metered workspace on the free plan is topped up to the free plan's monthly credits once per
 * calendar month (UTC), when it first starts work or reads its credits that month.
 */
@ApplicationScoped
public class Metering implements PlanLimits {

  /** The kinds a billing plugin may post; consumption is the core's own. */
  public static final Set<String> POSTING_KINDS =
      Set.of("grant", "purchase", "refund", "adjustment");

  /** How a usage report groups consumption. */
  public static final List<String> GROUPS = List.of("day", "agent", "model");

  /** The plan of tenants without a subscription until the platform defines {@code free}. */
  static final Plan IMPLICIT_FREE =
      new Plan(Plan.FREE, "Free", null, "month", 0, true, Map.of(), List.of());

  @Inject Transactions tx;
  @Inject Extensions extensions;
  @Inject Features features;
  @Inject AtelierConfig config;

  /** Whether {@code tenantId} is metered: a billing plugin is started and on for it. */
  public boolean active(String tenantId) {
    for (Extensions.Provided<BillingProvider> p : extensions.all(BillingProvider.class)) {
      if (features.enabled(tenantId, p.pluginId())) {
        return true;
      }
    }
    return false;
  }

  /** The 402 of a tenant out of credits whose plan allows no overage. */
  public static ProblemException insufficientCredits() {
    return new ProblemException(
        402,
        "insufficient_credits",
        "Payment required",
        "The workspace has no credits left and its plan allows no overage: buy credits or change"
            + " the plan.");
  }

  /**
   * Refuses work of {@code tenantId} with 402 {@code insufficient_credits} when it is metered, has
   * no credits left and its plan allows no overage.
   */
  public void admit(String tenantId) {
    if (!active(tenantId)) {
      return;
    }
    BillingAccount a = current(tenantId);
    if (!a.overage() && a.balance() <= 0) {
      throw insufficientCredits();
    }
  }

  /** The 402 of a workspace whose plan allows no more {@code limit}. */
  public static ProblemException planLimitReached(String limit, long max) {
    return new ProblemException(
        402,
        "plan_limit_reached",
        "Payment required",
        "The workspace's plan limit of "
            + limit.replace('_', ' ')
            + " is "
            + max
            + (RUNS_PER_DAY.equals(limit)
                ? ": change the plan or wait for the next day (UTC)."
                : ": change the plan or delete some."));
  }

  @Override
  public void admit(EntityManager em, String tenantId, String limit, LongSupplier existing) {
    Long max = limit(tenantId, limit);
    if (max == null) {
      return;
    }
    open(tenantId);
    // the account row serializes the creations of one workspace until this unit of work ends
    em.createNativeQuery("SELECT balance FROM credit_accounts WHERE tenant_id = ?1 FOR UPDATE")
        .setParameter(1, tenantId)
        .setHint(Transactions.ALLOW_NATIVE_SQL, true)
        .getResultList();
    if (existing.getAsLong() >= max) {
      throw planLimitReached(limit, max);
    }
  }

  @Override
  public void admitRun(String tenantId, LongSupplier startedToday) {
    Long max = limit(tenantId, RUNS_PER_DAY);
    if (max != null && startedToday.getAsLong() >= max) {
      throw planLimitReached(RUNS_PER_DAY, max);
    }
  }

  /** The plan's {@code limit} for {@code tenantId}; null when unlimited or not metered. */
  private Long limit(String tenantId, String limit) {
    if (!KNOWN.contains(limit)) {
      throw new IllegalArgumentException("no such limit: " + limit);
    }
    if (!active(tenantId)) {
      return null;
    }
    return plan(account(tenantId).plan()).map(p -> p.limits().get(limit)).orElse(null);
  }

  /** The month each tenant's free grant was last settled on this node: saves a read per run. */
  private final Map<String, YearMonth> freeGrantSettled = new ConcurrentHashMap<>();

  /**
   * The account of {@code tenantId} after this month's free grant: a workspace on the free plan
   * whose plan grants credits is topped up to them once per calendar month (UTC), by a {@code
   * grant} entry {@code free:<yyyy-mm>}; what it bought stays its own. The month is recorded on the
   * account, so the grant is settled once however many nodes and runs ask.
   */
  public BillingAccount current(String tenantId) {
    BillingAccount a = account(tenantId);
    YearMonth month = YearMonth.now(ZoneOffset.UTC);
    if (!Plan.FREE.equals(a.plan())
        || a.monthlyAllowance() <= 0
        || month.equals(freeGrantSettled.get(tenantId))) {
      return a;
    }
    open(tenantId);
    boolean granted =
        tx.inTenant(
            tenantId,
            em -> {
              CreditAccount account = find(em, true);
              if (!account.settleFreeGrant(month)) {
                return false;
              }
              long top = a.monthlyAllowance() - Math.max(0, account.balance());
              if (top <= 0) {
                return false;
              }
              long after = account.add(top, false);
              em.persist(
                  new CreditEntry(
                      "grant", top, after, "free:" + month, "Monthly credits of the free plan"));
              return true;
            });
    freeGrantSettled.put(tenantId, month);
    return granted ? account(tenantId) : a;
  }

  /** Whether {@code tenantId} is metered, out of credits and not allowed to go below zero. */
  public boolean exhausted(String tenantId) {
    if (!active(tenantId)) {
      return false;
    }
    BillingAccount a = current(tenantId);
    return !a.overage() && a.balance() <= 0;
  }

  /** {@code usd} in credits, rounded up. */
  public long credits(BigDecimal usd) {
    return credits(usd, perUsd());
  }

  private volatile long creditsPerUsd;

  /**
   * Reads the settings now, at start-up, so that no run reads the configuration while the server
   * stops (when Payara's configuration may be gone).
   */
  public void loadSettings() {
    perUsd();
  }

  private long perUsd() {
    long p = creditsPerUsd;
    if (p == 0) {
      p = config.billingCreditsPerUsd();
      creditsPerUsd = p;
    }
    return p;
  }

  /** {@code usd} at {@code perUsd} credits a dollar, rounded up; 0 for nothing or less. */
  static long credits(BigDecimal usd, long perUsd) {
    if (usd == null || usd.signum() <= 0) {
      return 0;
    }
    return usd.multiply(BigDecimal.valueOf(perUsd))
        .setScale(0, RoundingMode.CEILING)
        .longValueExact();
  }

  /** Makes sure {@code tenantId} has its account row (committed), so writers can lock it. */
  public void open(String tenantId) {
    Transactions.retryOnUniqueViolation(
        3,
        () -> new IllegalStateException("The credit account of " + tenantId + " is contended"),
        () ->
            tx.inTenant(
                tenantId,
                em -> {
                  if (find(em, false) == null) {
                    em.persist(CreditAccount.open());
                    em.flush();
                  }
                  return null;
                }));
  }

  /**
   * Charges model call {@code charge} within the unit of work of {@code em} (bound to the tenant,
   * whose account {@link #open} made): once per reference. Returns the credits charged (0 when it
   * was charged before or cost nothing).
   */
  public long charge(EntityManager em, Charge charge) {
    long credits = credits(charge.cost());
    CreditAccount account = find(em, true);
    if (account == null) {
      throw new IllegalStateException("no credit account: call open() first");
    }
    if (byReference(em, charge.reference()).isPresent()) {
      return 0;
    }
    long after = account.add(-credits, false);
    em.persist(
        new CreditEntry(
                "consumption", -credits, after, charge.reference(), "Model call " + charge.model())
            .forCall(
                charge.runId(),
                charge.agent(),
                charge.model(),
                charge.tokensInput(),
                charge.tokensOutput()));
    return credits;
  }

  /** Appends {@code posting} to the ledger of {@code tenantId}, once per reference. */
  public LedgerEntry post(String tenantId, Posting posting) {
    Check.body(posting)
        .that(
            posting != null && POSTING_KINDS.contains(posting.kind()),
            "kind",
            "must be one of " + POSTING_KINDS)
        .that(
            posting == null || signed(posting.kind(), posting.amount()),
            "amount",
            "grants and purchases add credits, refunds take them, adjustments are not zero")
        .optionalText("reference", posting == null ? null : posting.reference(), 255)
        .optionalText("description", posting == null ? null : posting.description(), 500)
        .done();
    open(tenantId);
    return tx.inTenant(
        tenantId,
        em -> {
          CreditAccount account = find(em, true);
          Optional<CreditEntry> before = byReference(em, posting.reference());
          if (before.isPresent()) {
            return view(before.get());
          }
          long after = account.add(posting.amount(), "purchase".equals(posting.kind()));
          CreditEntry e =
              new CreditEntry(
                  posting.kind(),
                  posting.amount(),
                  after,
                  posting.reference(),
                  posting.description());
          em.persist(e);
          return view(e);
        });
  }

  /**
   * Takes {@code credits} from the balance of {@code tenantId} as one {@code adjustment} with
   * {@code reference}, only when the balance covers them (402 {@code insufficient_credits}
   * otherwise, nothing appended); once per reference, under the account's lock.
   */
  public LedgerEntry spend(String tenantId, long credits, String reference, String description) {
    Check.start()
        .that(credits > 0, "credits", "must be more than 0")
        .that(reference != null && !reference.isBlank(), "reference", "is required")
        .optionalText("reference", reference, 255)
        .optionalText("description", description, 500)
        .done();
    if (active(tenantId)) {
      current(tenantId); // this month's free credits first, as before a run
    }
    open(tenantId);
    return tx.inTenant(
        tenantId,
        em -> {
          CreditAccount account = find(em, true);
          Optional<CreditEntry> before = byReference(em, reference);
          if (before.isPresent()) {
            return view(before.get());
          }
          if (account.balance() < credits) {
            throw insufficientCredits();
          }
          long after = account.add(-credits, false);
          CreditEntry e = new CreditEntry("adjustment", -credits, after, reference, description);
          em.persist(e);
          return view(e);
        });
  }

  /** Whether {@code amount} has the sign a posting of {@code kind} must have. */
  static boolean signed(String kind, long amount) {
    return switch (kind == null ? "" : kind) {
      case "grant", "purchase" -> amount > 0;
      case "refund" -> amount < 0;
      default -> amount != 0;
    };
  }

  /** Whether the ledger of {@code tenantId} holds {@code reference}. */
  public boolean posted(String tenantId, String reference) {
    return tx.readInTenant(tenantId, em -> byReference(em, reference).isPresent());
  }

  /** The account of {@code tenantId}: plan, subscription, balance. */
  public BillingAccount account(String tenantId) {
    return tx.readInTenant(
        tenantId,
        em -> {
          CreditAccount a = find(em, false);
          String key = a == null || a.planKey() == null ? Plan.FREE : a.planKey();
          Plan plan = plan(em, key).orElse(key.equals(Plan.FREE) ? freePlan(em) : IMPLICIT_FREE);
          return new BillingAccount(
              plan.key(),
              a == null ? null : a.status(),
              a == null ? null : a.periodEnd(),
              a == null ? 0 : a.balance(),
              plan.monthlyCredits(),
              a == null ? 0 : a.purchased(),
              plan.overage());
        });
  }

  /** Puts {@code tenantId} on plan {@code planKey} (null: the free plan); 422 for no such plan. */
  public BillingAccount subscribe(String tenantId, String planKey, String status, Instant end) {
    if (planKey != null && !planKey.equals(Plan.FREE) && plan(planKey).isEmpty()) {
      throw ProblemException.validation("plan", "no such plan");
    }
    open(tenantId);
    tx.inTenantDo(
        tenantId,
        em -> find(em, true).subscribe(Plan.FREE.equals(planKey) ? null : planKey, status, end));
    return account(tenantId);
  }

  /** The ledger of {@code tenantId}, newest first. */
  public Page<LedgerEntry> entries(String tenantId, PageRequest page) {
    return tx.readInTenant(
        tenantId,
        em ->
            Paging.page(
                em.createQuery(
                    "SELECT e FROM CreditEntry e ORDER BY e.createdAt DESC, e.id",
                    CreditEntry.class),
                em.createQuery("SELECT COUNT(e) FROM CreditEntry e", Long.class),
                page,
                Metering::view));
  }

  /** Consumption of {@code tenantId} in [{@code from}, {@code to}), grouped by {@code groupBy}. */
  public List<UsageTotal> usage(String tenantId, Instant from, Instant to, String groupBy) {
    if (!GROUPS.contains(groupBy)) {
      throw ProblemException.validation("group_by", "must be one of " + GROUPS);
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw ProblemException.validation("to", "must be after from");
    }
    List<CreditEntry> entries =
        tx.readInTenant(
            tenantId,
            em ->
                em.createQuery(
                        "SELECT e FROM CreditEntry e WHERE e.kind = 'consumption'"
                            + " AND e.createdAt >= :from AND e.createdAt < :to"
                            + " ORDER BY e.createdAt",
                        CreditEntry.class)
                    .setParameter("from", from == null ? Instant.EPOCH : from)
                    .setParameter("to", to == null ? Instant.parse("9999-01-01T00:00:00Z") : to)
                    .setHint(Transactions.READ_ONLY, true)
                    .getResultList());
    Map<String, long[]> totals = new LinkedHashMap<>();
    for (CreditEntry e : entries) {
      String key =
          switch (groupBy) {
            case "agent" -> e.agentName() == null ? "" : e.agentName();
            case "model" -> e.model() == null ? "" : e.model();
            default -> e.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
          };
      long[] t = totals.computeIfAbsent(key, k -> new long[4]);
      t[0] += -e.amount();
      t[1]++;
      t[2] += e.tokensInput();
      t[3] += e.tokensOutput();
    }
    List<UsageTotal> out = new ArrayList<>();
    totals.forEach((k, t) -> out.add(new UsageTotal(k, t[0], t[1], t[2], t[3])));
    return out;
  }

  /** The platform's plans, by key; the implicit free plan first when none is defined. */
  public List<Plan> plans() {
    return tx.inPlatform(
        em -> {
          List<Plan> out = new ArrayList<>();
          if (plan(em, Plan.FREE).isEmpty()) {
            out.add(IMPLICIT_FREE);
          }
          em.createQuery("SELECT p FROM BillingPlan p ORDER BY p.key", BillingPlan.class)
              .getResultList()
              .forEach(p -> out.add(view(p)));
          return out;
        });
  }

  /** The plan with {@code key}; {@code free} always exists. */
  public Optional<Plan> plan(String key) {
    return tx.inPlatform(em -> Plan.FREE.equals(key) ? Optional.of(freePlan(em)) : plan(em, key));
  }

  /** The plan sold at {@code priceId}. */
  public Optional<Plan> planByPrice(String priceId) {
    if (priceId == null) {
      return Optional.empty();
    }
    return tx.inPlatform(
        em ->
            em
                .createQuery("SELECT p FROM BillingPlan p WHERE p.priceId = :p", BillingPlan.class)
                .setParameter("p", priceId)
                .getResultList()
                .stream()
                .findFirst()
                .map(Metering::view));
  }

  /**
   * Creates or replaces plan {@code plan.key()}: 422 for a bad key, name, interval, negative
   * credits or limits; 409 {@code price_taken} when another plan is sold at its price.
   */
  public Plan putPlan(Plan plan) {
    Check.body(plan)
        .slug("key", plan == null ? null : plan.key())
        .text("name", plan == null ? null : plan.name(), 200)
        .optionalText("price_id", plan == null ? null : plan.priceId(), 255)
        .that(
            plan != null && ("month".equals(plan.interval()) || "year".equals(plan.interval())),
            "interval",
            "must be month or year")
        .that(plan != null && plan.monthlyCredits() >= 0, "monthly_credits", "must be 0 or more")
        .that(
            plan != null && plan.limits().values().stream().allMatch(v -> v != null && v >= 0),
            "limits",
            "every limit must be a number, 0 or more")
        .that(
            plan == null || KNOWN.containsAll(plan.limits().keySet()),
            "limits",
            "the limits a plan may set are " + KNOWN)
        .that(
            plan != null
                && plan.features().size() <= 50
                && plan.features().stream()
                    .allMatch(f -> f != null && !f.isBlank() && f.length() <= 100),
            "features",
            "at most 50 texts of 1 to 100 characters")
        .done();
    String limits = limitsJson(plan.limits());
    String featuresJson = featuresJson(plan.features());
    if (limits.length() > 4000 || featuresJson.length() > 4000) {
      throw ProblemException.validation("limits", "too long");
    }
    return Transactions.retryOnUniqueViolation(
        2,
        () -> ProblemException.conflict("price_taken", "Another plan is sold at this price."),
        () ->
            tx.inPlatform(
                em -> {
                  if (plan.priceId() != null) {
                    List<BillingPlan> same =
                        em.createQuery(
                                "SELECT p FROM BillingPlan p WHERE p.priceId = :p AND p.key <> :k",
                                BillingPlan.class)
                            .setParameter("p", plan.priceId())
                            .setParameter("k", plan.key())
                            .getResultList();
                    if (!same.isEmpty()) {
                      throw ProblemException.conflict(
                          "price_taken", "Another plan is sold at this price.");
                    }
                  }
                  BillingPlan p = em.find(BillingPlan.class, plan.key());
                  if (p == null) {
                    p = new BillingPlan(plan.key());
                    em.persist(p);
                  }
                  p.change(
                      plan.name(),
                      plan.priceId(),
                      plan.interval(),
                      plan.monthlyCredits(),
                      plan.overage(),
                      limits,
                      featuresJson);
                  em.flush();
                  return view(p);
                }));
  }

  private Plan freePlan(EntityManager em) {
    return plan(em, Plan.FREE).orElse(IMPLICIT_FREE);
  }

  private static Optional<Plan> plan(EntityManager em, String key) {
    return Optional.ofNullable(em.find(BillingPlan.class, key)).map(Metering::view);
  }

  private static CreditAccount find(EntityManager em, boolean lock) {
    var q = em.createQuery("SELECT a FROM CreditAccount a", CreditAccount.class);
    if (lock) {
      q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
    }
    List<CreditAccount> found = q.getResultList();
    return found.isEmpty() ? null : found.get(0);
  }

  private static Optional<CreditEntry> byReference(EntityManager em, String reference) {
    if (reference == null) {
      return Optional.empty();
    }
    return em
        .createQuery("SELECT e FROM CreditEntry e WHERE e.reference = :r", CreditEntry.class)
        .setParameter("r", reference)
        .getResultList()
        .stream()
        .findFirst();
  }

  static LedgerEntry view(CreditEntry e) {
    return new LedgerEntry(
        e.id(),
        e.kind(),
        e.amount(),
        e.balanceAfter(),
        e.reference(),
        e.description(),
        e.runId(),
        e.agentName(),
        e.model(),
        e.tokensInput(),
        e.tokensOutput(),
        e.createdAt());
  }

  static Plan view(BillingPlan p) {
    Map<String, Long> limits = new LinkedHashMap<>();
    JsonObject o = JSON.createReader(new StringReader(p.limits())).readObject();
    o.forEach(
        (k, v) -> {
          if (v instanceof JsonNumber n) {
            limits.put(k, n.longValue());
          }
        });
    List<String> features = new ArrayList<>();
    JsonArray a = JSON.createReader(new StringReader(p.features())).readArray();
    for (JsonValue v : a) {
      if (v instanceof JsonString s) {
        features.add(s.getString());
      }
    }
    return new Plan(
        p.key(),
        p.name(),
        p.priceId(),
        p.interval(),
        p.monthlyCredits(),
        p.overage(),
        limits,
        features);
  }

  private static String limitsJson(Map<String, Long> limits) {
    JsonObjectBuilder b = JSON.createObjectBuilder();
    limits.forEach(b::add);
    return b.build().toString();
  }

  private static String featuresJson(List<String> features) {
    JsonArrayBuilder b = JSON.createArrayBuilder();
    features.forEach(b::add);
    return b.build().toString();
  }
}
