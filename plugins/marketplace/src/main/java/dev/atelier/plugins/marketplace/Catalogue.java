package dev.atelier.plugins.marketplace;

import dev.atelier.plugin.api.CallerInfo;
import dev.atelier.plugin.api.PluginContext;
import dev.atelier.plugin.api.PluginSession;
import dev.atelier.plugin.api.billing.PaymentCheckout;
import dev.atelier.plugin.api.billing.PaymentRequest;
import dev.atelier.plugin.api.billing.Posting;
import dev.atelier.plugin.api.data.Like;
import dev.atelier.plugin.api.data.PluginData;
import dev.atelier.plugin.api.data.Times;
import dev.atelier.plugin.api.marketplace.ProjectTemplate;
import dev.atelier.plugin.api.web.Check;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.regex.Pattern;

/**
 * The marketplace's rules: publishing, browsing, reviews, purchases, forks, the library, the
 * creator's view and moderation. The catalogue is the plugin's platform-wide data; every row keeps
 * the workspace that owns it.
 */
final class Catalogue {

  static final String AGENT = "agent";
  static final String BASE = "base";
  static final String APPROVED = "approved";
  static final String DELETED = "deleted";
  static final Set<String> MODERATION = Set.of(APPROVED, "rejected", "hidden");
  static final Set<String> VISIBILITY = Set.of("public", "unlisted");
  static final Set<String> SORTS = Set.of("popular", "new", "rating");
  static final long MAX_PRICE = 1_000_000;
  static final Pattern WORD = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$");
  static final Pattern STRIPE_PRICE = Pattern.compile("^price_[A-Za-z0-9_]{1,200}$");
  static final Pattern VERSION = Pattern.compile("^\\d{1,6}\\.\\d{1,6}\\.\\d{1,6}$");
  static final Pattern PATH =
      Pattern.compile("^(?!/)(?!.*(?:^|/)\\.\\.(?:/|$))[A-Za-z0-9._/ -]{1,255}$");

  private final PluginContext context;
  private final boolean anonymousBrowse;

  Catalogue(PluginContext context) {
    this.context = context;
    this.anonymousBrowse =
        context
            .config()
            .get("anonymous-browse")
            .map(String::trim)
            .map(Boolean::parseBoolean)
            .orElse(true);
  }

  private PluginData data() {
    return context.platformData();
  }

  /** The session of an authenticated call, or 401 when anonymous browsing is off. */
  Optional<PluginSession> browser() {
    Optional<PluginSession> s = maybeSession();
    if (s.isEmpty() && !anonymousBrowse) {
      throw new ProblemException(
          401,
          "unauthorized",
          "Unauthorized",
          "Authentication is required: this server does not let anyone browse the marketplace"
              + " anonymously.");
    }
    return s;
  }

  private Optional<PluginSession> maybeSession() {
    try {
      return Optional.of(context.session());
    } catch (IllegalStateException none) {
      return Optional.empty();
    }
  }

  private static CallerInfo caller(PluginSession s) {
    return s.caller().orElseThrow(() -> ProblemException.forbidden("A member must call this."));
  }

  // ---- publishing

  ItemView publish(PluginSession s, String kind, ItemRequest body) {
    Check.body(body);
    Check check = Check.start();
    check.text("name", body.name(), 100);
    String slug = body.slug() != null ? body.slug() : slugOf(body.name());
    if (body.slug() != null || (slug != null && !slug.isEmpty())) {
      check.slug("slug", slug);
    } else if (body.name() != null && !body.name().isBlank()) {
      check.fail("slug", "cannot be made from the name: give one");
    }
    common(check, body);
    manifest(check, body.manifest());
    String content = content(check, s, kind, body, true);
    String version = body.version() == null ? "1.0.0" : body.version();
    check.that(VERSION.matcher(version).matches(), "version", "must look like 1.0.0");
    check.done();
    CallerInfo who = caller(s);
    try {
      return data()
          .inTransaction(
              em -> {
                if (bySlug(em, kind, slug).isPresent()) {
                  throw slugTaken(slug);
                }
                MarketItem i = new MarketItem(kind, slug, s.tenantId(), who.userId());
                apply(i, body);
                i.name = body.name().trim();
                i.visibility = body.visibility() == null ? "public" : body.visibility();
                i.priceCredits = body.priceCredits() == null ? 0 : body.priceCredits();
                i.stripePriceId = body.stripePriceId();
                i.version = version;
                i.content = content;
                em.persist(i);
                em.persist(new MarketVersion(i.id, version, body.notes(), content));
                em.flush();
                return view(i, true);
              });
    } catch (RuntimeException e) {
      if (data().isUniqueViolation(e)) {
        throw slugTaken(slug);
      }
      throw e;
    }
  }

  ItemView update(PluginSession s, String kind, String id, ItemRequest body) {
    Check.body(body);
    Check check = Check.start();
    if (body.name() != null) {
      check.text("name", body.name(), 100);
    }
    check.that(body.slug() == null, "slug", "cannot change");
    common(check, body);
    manifest(check, body.manifest());
    String content =
        body.spec() == null && body.files() == null && body.agents() == null
            ? null
            : content(check, s, kind, body, false);
    check.that(
        body.version() == null || VERSION.matcher(body.version()).matches(),
        "version",
        "must look like 1.0.0");
    check.done();
    return data()
        .inTransaction(
            em -> {
              MarketItem i = own(em, s, kind, id);
              apply(i, body);
              if (body.name() != null) {
                i.name = body.name().trim();
              }
              if (body.visibility() != null) {
                i.visibility = body.visibility();
              }
              if (body.priceCredits() != null || body.stripePriceId() != null) {
                // one price at a time: credits, or a Stripe price
                i.priceCredits = body.priceCredits() == null ? 0 : body.priceCredits();
                i.stripePriceId = body.stripePriceId();
              }
              if (content != null) {
                String version = body.version() == null ? next(i.version) : body.version();
                if (versionExists(em, i.id, version) || !newer(version, i.version)) {
                  throw ProblemException.conflict(
                      "version_exists",
                      "Version " + version + " is not newer than " + i.version + ".");
                }
                i.version = version;
                i.content = content;
                em.persist(new MarketVersion(i.id, version, body.notes(), content));
              }
              i.updatedAt = Times.now();
              return view(i, true);
            });
  }

  void delete(PluginSession s, String kind, String id) {
    data()
        .inTransaction(
            em -> {
              MarketItem i = own(em, s, kind, id);
              i.status = DELETED;
              i.updatedAt = Times.now();
              return null;
            });
  }

  List<VersionView> versions(String kind, String ref) {
    Optional<PluginSession> s = browser();
    return data()
        .read(
            em -> {
              MarketItem i = visible(em, s, kind, ref);
              return em
                  .createQuery(
                      "SELECT v FROM MarketVersion v WHERE v.itemId = :i ORDER BY v.createdAt DESC",
                      MarketVersion.class)
                  .setParameter("i", i.id)
                  .getResultList()
                  .stream()
                  .map(v -> new VersionView(v.version, v.notes, v.createdAt))
                  .toList();
            });
  }

  private void common(Check check, ItemRequest body) {
    check.optionalText("description", body.description(), 4000);
    check.that(
        body.category() == null || WORD.matcher(body.category()).matches(),
        "category",
        "must be 1-40 lowercase letters, digits or dashes");
    if (body.tags() != null) {
      check.that(body.tags().size() <= 10, "tags", "at most 10");
      for (int n = 0; n < body.tags().size(); n++) {
        String t = body.tags().get(n);
        check.that(
            t != null && WORD.matcher(t).matches() && t.length() <= 32,
            "tags/" + n,
            "must be 1-32 lowercase letters, digits or dashes");
      }
    }
    check.that(
        body.icon() == null || (body.icon().startsWith("https://") && body.icon().length() <= 500),
        "icon",
        "must be an https URL of at most 500 characters");
    check.that(
        body.visibility() == null || VISIBILITY.contains(body.visibility()),
        "visibility",
        "must be public or unlisted");
    check.that(
        body.priceCredits() == null
            || (body.priceCredits() >= 0 && body.priceCredits() <= MAX_PRICE),
        "price_credits",
        "must be 0 (free) to " + MAX_PRICE);
    check.that(
        body.stripePriceId() == null || STRIPE_PRICE.matcher(body.stripePriceId()).matches(),
        "stripe_price_id",
        "must be a Stripe price id (price_...)");
    check.that(
        body.stripePriceId() == null || body.priceCredits() == null || body.priceCredits() == 0,
        "price_credits",
        "an item has one price: credits or a Stripe price");
    check.optionalText("notes", body.notes(), 2000);
  }

  /** The item's content as JSON text: an agent's spec or a base's {files, agents}. */
  /** The package formats this server reads. */
  static final int PACKAGE_FORMAT = 1;

  /**
   * Checks a package manifest against its schema ({@code format}, the package format; {@code
   * requires}, the lowest plugin API version the package needs; nothing else) and against this
   * server: a format it does not read, or a requirement newer than its plugin API, is refused.
   */
  void manifest(Check check, JsonObject manifest) {
    if (manifest == null) {
      return;
    }
    for (String key : manifest.keySet()) {
      check.that(
          key.equals("format") || key.equals("requires"), "manifest/" + key, "is not a member");
    }
    JsonValue format = manifest.get("format");
    if (!(format instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1) {
      check.fail("manifest/format", "is required: a package format, 1");
    } else {
      check.that(
          n.longValue() == PACKAGE_FORMAT,
          "manifest/format",
          "format " + n.longValue() + " is not one this server reads (" + PACKAGE_FORMAT + ")");
    }
    JsonValue requires = manifest.get("requires");
    if (requires != null && requires != JsonValue.NULL) {
      String v = requires instanceof JsonString t ? t.getString() : null;
      if (v == null || !VERSION.matcher(v).matches()) {
        check.fail("manifest/requires", "must look like 1.1.0");
      } else {
        check.that(
            !newer(v, context.apiVersion()),
            "manifest/requires",
            "needs plugin API "
                + v
                + "; this server has "
                + context.apiVersion()
                + ": upgrade the server first");
      }
    }
  }

  private String content(
      Check check, PluginSession s, String kind, ItemRequest body, boolean required) {
    if (AGENT.equals(kind)) {
      check.that(body.files() == null && body.agents() == null, "files", "agents have a spec");
      if (body.spec() == null) {
        check.that(!required, "spec", "is required");
        return null;
      }
      validSpec(check, s, "spec", body.spec());
      return body.spec().toString();
    }
    check.that(body.spec() == null, "spec", "bases have files and agents");
    Map<String, String> files = body.files() == null ? Map.of() : body.files();
    List<JsonObject> agents = body.agents() == null ? List.of() : body.agents();
    check.that(!required || !files.isEmpty(), "files", "is required: at least one file");
    check.that(files.size() <= 200, "files", "at most 200");
    check.that(agents.size() <= 20, "agents", "at most 20");
    JsonObjectBuilder fb = Json.createObjectBuilder();
    long size = 0;
    for (Map.Entry<String, String> f : files.entrySet()) {
      check.that(
          PATH.matcher(f.getKey()).matches(),
          "files/" + f.getKey(),
          "must be a relative path without ..");
      check.that(f.getValue() != null, "files/" + f.getKey(), "must be text");
      size += f.getValue() == null ? 0 : f.getValue().length();
      fb.add(f.getKey(), f.getValue() == null ? "" : f.getValue());
    }
    check.that(size <= 500_000, "files", "at most 500,000 characters in all");
    JsonArrayBuilder ab = Json.createArrayBuilder();
    for (int n = 0; n < agents.size(); n++) {
      if (agents.get(n) == null) {
        check.fail("agents/" + n, "must be an agent spec");
        continue;
      }
      validSpec(check, s, "agents/" + n, agents.get(n));
      ab.add(agents.get(n));
    }
    return Json.createObjectBuilder().add("files", fb).add("agents", ab).build().toString();
  }

  private static void validSpec(Check check, PluginSession s, String field, JsonObject spec) {
    try {
      s.agents().validate(spec.toString());
    } catch (ProblemException e) {
      if (e.errors() == null || e.errors().isEmpty()) {
        check.fail(field, e.getMessage());
      }
      for (var fe : e.errors()) {
        check.fail(field + fe.field().substring("spec".length()), fe.message());
      }
    }
  }

  private static void apply(MarketItem i, ItemRequest body) {
    if (body.description() != null) {
      i.description = body.description();
    }
    if (body.category() != null) {
      i.category = body.category();
    }
    if (body.tags() != null) {
      i.tags = "," + String.join(",", body.tags()) + ",";
    } else if (i.tags == null) {
      i.tags = ",";
    }
    if (body.icon() != null) {
      i.icon = body.icon();
    }
  }

  static String slugOf(String name) {
    if (name == null) {
      return null;
    }
    String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    s = s.replaceAll("^-+|-+$", "");
    return s.length() > 64 ? s.substring(0, 64).replaceAll("-+$", "") : s;
  }

  private static String next(String version) {
    int[] v = parts(version);
    return v[0] + "." + v[1] + "." + (v[2] + 1);
  }

  private static boolean newer(String a, String b) {
    int[] x = parts(a);
    int[] y = parts(b);
    for (int n = 0; n < 3; n++) {
      if (x[n] != y[n]) {
        return x[n] > y[n];
      }
    }
    return false;
  }

  private static int[] parts(String v) {
    return Arrays.stream(v.split("\\.")).mapToInt(Integer::parseInt).toArray();
  }

  private static boolean versionExists(EntityManager em, String itemId, String version) {
    return !em.createQuery(
            "SELECT v.id FROM MarketVersion v WHERE v.itemId = :i AND v.version = :v", String.class)
        .setParameter("i", itemId)
        .setParameter("v", version)
        .getResultList()
        .isEmpty();
  }

  private static ProblemException slugTaken(String slug) {
    return ProblemException.conflict("slug_taken", "An item with slug '" + slug + "' exists.");
  }

  // ---- finding items

  private static Optional<MarketItem> bySlug(EntityManager em, String kind, String slug) {
    return em.createQuery(
            "SELECT i FROM MarketItem i WHERE i.kind = :k AND i.slug = :s", MarketItem.class)
        .setParameter("k", kind)
        .setParameter("s", slug)
        .getResultStream()
        .findFirst();
  }

  private static Optional<MarketItem> byRef(EntityManager em, String kind, String ref) {
    if (ref == null) {
      return Optional.empty();
    }
    MarketItem i = em.find(MarketItem.class, ref);
    if (i != null && i.kind.equals(kind)) {
      return Optional.of(i);
    }
    return bySlug(em, kind, ref);
  }

  private static ProblemException notFound(String kind) {
    return ProblemException.notFound(AGENT.equals(kind) ? "The agent" : "The base");
  }

  /** The item as the caller may see it: approved, or their own, or any for a superuser. */
  private static MarketItem visible(
      EntityManager em, Optional<PluginSession> s, String kind, String ref) {
    MarketItem i = byRef(em, kind, ref).orElseThrow(() -> notFound(kind));
    if (DELETED.equals(i.status)) {
      throw notFound(kind);
    }
    boolean mine = s.isPresent() && s.get().tenantId().equals(i.creatorTenantId);
    boolean admin = s.isPresent() && s.get().superuser();
    if (!APPROVED.equals(i.status) && !mine && !admin) {
      throw notFound(kind);
    }
    return i;
  }

  /** The caller's workspace's own item, or 404. */
  private static MarketItem own(EntityManager em, PluginSession s, String kind, String id) {
    MarketItem i = byRef(em, kind, id).orElseThrow(() -> notFound(kind));
    if (!i.creatorTenantId.equals(s.tenantId()) || DELETED.equals(i.status)) {
      throw notFound(kind);
    }
    return i;
  }

  // ---- browsing

  ItemView details(String kind, String ref) {
    Optional<PluginSession> s = browser();
    return data().read(em -> view(visible(em, s, kind, ref), true));
  }

  Page<ItemView> browse(
      String kind, String q, String category, String tag, String sort, PageRequest page) {
    browser();
    Check.start()
        .that(sort == null || SORTS.contains(sort), "sort", "must be popular, new or rating")
        .that(q == null || q.length() <= 200, "q", "at most 200 characters")
        .that(category == null || category.length() <= 40, "category", "at most 40 characters")
        .that(tag == null || tag.length() <= 32, "tag", "at most 32 characters")
        .done();
    StringBuilder where =
        new StringBuilder(
            " FROM MarketItem i WHERE i.kind = :k AND i.status = 'approved'"
                + " AND i.visibility = 'public'");
    if (q != null && !q.isBlank()) {
      where.append(
          " AND (LOWER(i.name) LIKE :q ESCAPE '\\' OR LOWER(i.description) LIKE :q ESCAPE '\\')");
    }
    if (category != null) {
      where.append(" AND i.category = :c");
    }
    if (tag != null) {
      where.append(" AND i.tags LIKE :t ESCAPE '\\'");
    }
    String order =
        switch (sort == null ? "popular" : sort) {
          case "new" -> " ORDER BY i.createdAt DESC, i.id";
          case "rating" -> " ORDER BY i.ratingAverage DESC, i.ratingCount DESC, i.id";
          default -> " ORDER BY i.installs DESC, i.createdAt DESC, i.id";
        };
    return data()
        .read(
            em -> {
              TypedQuery<MarketItem> items =
                  em.createQuery("SELECT i" + where + order, MarketItem.class);
              TypedQuery<Long> count = em.createQuery("SELECT COUNT(i)" + where, Long.class);
              for (TypedQuery<?> query : List.of(items, count)) {
                query.setParameter("k", kind);
                if (q != null && !q.isBlank()) {
                  query.setParameter("q", Like.contains(q));
                }
                if (category != null) {
                  query.setParameter("c", category);
                }
                if (tag != null) {
                  query.setParameter("t", "%," + Like.escape(tag) + ",%");
                }
              }
              List<ItemView> views =
                  items
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(i -> view(i, false))
                      .toList();
              return page.page(views, count.getSingleResult());
            });
  }

  // ---- reviews

  Page<ReviewView> reviews(String kind, String ref, PageRequest page) {
    Optional<PluginSession> s = browser();
    return data()
        .read(
            em -> {
              MarketItem i = visible(em, s, kind, ref);
              List<ReviewView> items =
                  em
                      .createQuery(
                          "SELECT r FROM MarketReview r WHERE r.itemId = :i"
                              + " ORDER BY r.createdAt DESC, r.id",
                          MarketReview.class)
                      .setParameter("i", i.id)
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(Catalogue::view)
                      .toList();
              long total =
                  em.createQuery(
                          "SELECT COUNT(r) FROM MarketReview r WHERE r.itemId = :i", Long.class)
                      .setParameter("i", i.id)
                      .getSingleResult();
              return page.page(items, total);
            });
  }

  ReviewView review(PluginSession s, String kind, String ref, ReviewRequest body) {
    Check.body(body);
    Check.start()
        .that(
            body.rating() != null && body.rating() >= 1 && body.rating() <= 5,
            "rating",
            "must be a whole number from 1 to 5")
        .optionalText("text", body.text(), 2000)
        .done();
    CallerInfo who = caller(s);
    try {
      return data()
          .inTransaction(
              em -> {
                MarketItem i = visible(em, Optional.of(s), kind, ref);
                if (i.creatorTenantId.equals(s.tenantId())) {
                  throw new ProblemException(
                      403, "own_item", "Forbidden", "A workspace cannot review its own item.");
                }
                if (purchase(em, i.id, s.tenantId()).isEmpty()) {
                  throw new ProblemException(
                      403,
                      "not_acquired",
                      "Forbidden",
                      "Only a workspace that has the item in its library may review it.");
                }
                boolean reviewed =
                    !em.createQuery(
                            "SELECT r.id FROM MarketReview r WHERE r.itemId = :i AND r.userId = :u",
                            String.class)
                        .setParameter("i", i.id)
                        .setParameter("u", who.userId())
                        .getResultList()
                        .isEmpty();
                if (reviewed) {
                  throw reviewExists();
                }
                MarketReview r =
                    new MarketReview(i.id, who.userId(), s.tenantId(), body.rating(), body.text());
                em.persist(r);
                em.flush();
                em.lock(i, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                em.refresh(i);
                i.rate(body.rating());
                return view(r);
              });
    } catch (RuntimeException e) {
      if (data().isUniqueViolation(e)) {
        throw reviewExists();
      }
      throw e;
    }
  }

  private static ProblemException reviewExists() {
    return ProblemException.conflict("review_exists", "You have reviewed this item already.");
  }

  // ---- purchases, library, forks

  private static Optional<MarketPurchase> purchase(
      EntityManager em, String itemId, String tenantId) {
    return em.createQuery(
            "SELECT p FROM MarketPurchase p WHERE p.itemId = :i AND p.buyerTenantId = :t",
            MarketPurchase.class)
        .setParameter("i", itemId)
        .setParameter("t", tenantId)
        .getResultStream()
        .findFirst();
  }

  /**
   * The content of {@code i} at {@code version} (null or the latest: the item's own); 404 for a
   * version it never had.
   */
  private static String content(EntityManager em, MarketItem i, String version) {
    if (version == null || version.equals(i.version)) {
      return i.content;
    }
    return em.createQuery(
            "SELECT v.content FROM MarketVersion v WHERE v.itemId = :i AND v.version = :v",
            String.class)
        .setParameter("i", i.id)
        .setParameter("v", version)
        .getResultStream()
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("Version " + version + " of the item"));
  }

  /**
   * Adds the item to the caller's library, charging its price in credits once; true when it was
   * new. An item sold at a Stripe price is not added here: the answer is a payment page, and the
   * item joins the library when the billing provider reports it paid ({@link #paid}).
   */
  Acquired purchase(PluginSession s, String kind, String ref, PurchaseRequest body) {
    CallerInfo who = caller(s);
    MarketItem item = data().read(em -> visible(em, Optional.of(s), kind, ref));
    if (item.creatorTenantId.equals(s.tenantId())) {
      throw ProblemException.conflict("own_item", "A workspace cannot buy its own item.");
    }
    Optional<MarketPurchase> before = data().read(em -> purchase(em, item.id, s.tenantId()));
    if (before.isPresent()) {
      return new Acquired(library(item, before.get()), false, null);
    }
    if (item.stripePriceId != null) {
      Check.body(body)
          .required("success_url", body == null ? null : body.successUrl())
          .required("cancel_url", body == null ? null : body.cancelUrl())
          .done();
      PaymentCheckout c =
          s.billing()
              .checkout(
                  new PaymentRequest(
                      item.stripePriceId,
                      PURPOSE,
                      PURPOSE + ":" + item.id + ":" + who.userId(),
                      "Marketplace: " + item.name,
                      body.successUrl(),
                      body.cancelUrl()));
      return new Acquired(null, false, new CheckoutView(c.url(), c.sessionId()));
    }
    long price = item.priceCredits;
    String reference = "marketplace:" + item.id + ":" + s.tenantId();
    if (price > 0) {
      // once per reference under the account's lock: a concurrent purchase is charged once
      s.billing().spend(price, reference, "Marketplace: " + item.name);
    }
    MarketPurchase p;
    try {
      p =
          data()
              .inTransaction(
                  em -> {
                    MarketPurchase bought =
                        new MarketPurchase(
                            item.id, s.tenantId(), who.userId(), price, item.version);
                    return install(em, bought);
                  });
    } catch (RuntimeException e) {
      if (data().isUniqueViolation(e)) {
        MarketPurchase other =
            data().read(em -> purchase(em, item.id, s.tenantId())).orElseThrow(() -> e);
        return new Acquired(library(item, other), false, null);
      }
      throw e;
    }
    if (price > 0) {
      payCreator(item, p, price);
    }
    return new Acquired(library(item, p), true, null);
  }

  /** What a purchase did: added to the library (or found there), or opened a payment page. */
  record Acquired(LibraryView view, boolean created, CheckoutView checkout) {}

  /** The purpose of this plugin's payments at the billing provider (its plugin id). */
  static final String PURPOSE = "marketplace";

  /** Persists {@code bought} and counts the install, in the unit of work {@code em}. */
  private static MarketPurchase install(EntityManager em, MarketPurchase bought) {
    em.persist(bought);
    em.flush();
    MarketItem i = em.find(MarketItem.class, bought.itemId);
    em.lock(i, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    em.refresh(i);
    i.installs++;
    return bought;
  }

  /**
   * The billing provider reports payment {@code payment} for {@code reference} ({@code
   * marketplace:<item>:<user>}) in workspace {@code tenantId}: the item joins its library, once
   * however often and in whatever order the report arrives (one library row per item and workspace;
   * a second payment for an item already held is logged, not granted again).
   */
  void paid(String tenantId, String reference, String payment) {
    String[] parts = reference.split(":");
    if (parts.length != 3 || !PURPOSE.equals(parts[0])) {
      context.logger().warning("Payment " + payment + " has a reference this plugin never made");
      return;
    }
    try {
      data()
          .inTransaction(
              em -> {
                MarketItem i = em.find(MarketItem.class, parts[1]);
                if (i == null) {
                  context.logger().warning("Payment " + payment + " for an unknown item");
                  return null;
                }
                Optional<MarketPurchase> held = purchase(em, i.id, tenantId);
                if (held.isPresent()) {
                  if (!payment.equals(held.get().payment)) {
                    context
                        .logger()
                        .warning(
                            "Payment "
                                + payment
                                + " for item "
                                + i.id
                                + " that workspace "
                                + tenantId
                                + " holds already: refund it at the provider");
                  }
                  return null;
                }
                MarketPurchase bought = new MarketPurchase(i.id, tenantId, parts[2], 0, i.version);
                bought.payment = payment;
                return install(em, bought);
              });
    } catch (RuntimeException e) {
      if (!data().isUniqueViolation(e)) {
        throw e;
      }
      // the same payment reported twice at once: the other report added it
    }
  }

  /**
   * Base {@code ref} (an id or slug, optionally {@code @version}) as a project template for the
   * session's workspace: its own base, an approved public free base, or one in its library; 402
   * {@code purchase_required} for a priced base it has not bought; empty for an unknown, deleted,
   * hidden or another workspace's unlisted base; 422 {@code base} for a malformed version.
   */
  Optional<ProjectTemplate> template(PluginSession s, String ref) {
    String slug = ref;
    String version = null;
    int at = ref.indexOf('@');
    if (at >= 0) {
      slug = ref.substring(0, at);
      version = ref.substring(at + 1);
      if (slug.isEmpty() || !VERSION.matcher(version).matches()) {
        throw ProblemException.validation(
            "base", "must be a base id or slug, optionally with @version like 1.0.0");
      }
    }
    String wanted = version;
    String key = slug;
    return data()
        .read(
            em -> {
              Optional<MarketItem> found = byRef(em, BASE, key);
              if (found.isEmpty() || DELETED.equals(found.get().status)) {
                return Optional.<ProjectTemplate>empty();
              }
              MarketItem i = found.get();
              if (!i.creatorTenantId.equals(s.tenantId())) {
                if (!APPROVED.equals(i.status)) {
                  return Optional.<ProjectTemplate>empty();
                }
                Optional<MarketPurchase> bought = purchase(em, i.id, s.tenantId());
                boolean owned = bought.isPresent();
                if (!owned && !"public".equals(i.visibility)) {
                  return Optional.<ProjectTemplate>empty();
                }
                if (!owned && i.priced()) {
                  throw new ProblemException(
                      402,
                      "purchase_required",
                      "Payment required",
                      "Buy the base first: POST /api/v1/marketplace/bases/" + i.id + "/purchase.");
                }
              }
              String held =
                  wanted != null
                      ? wanted
                      : purchase(em, i.id, s.tenantId()).map(p -> p.version).orElse(null);
              String content = content(em, i, held);
              JsonObject c = Json.createReader(new StringReader(content)).readObject();
              Map<String, byte[]> files = new LinkedHashMap<>();
              JsonObject fo = c.getJsonObject("files");
              if (fo != null) {
                for (String path : fo.keySet()) {
                  files.put(path, fo.getString(path).getBytes(StandardCharsets.UTF_8));
                }
              }
              List<String> agents = new ArrayList<>();
              if (c.getJsonArray("agents") != null) {
                for (JsonValue a : c.getJsonArray("agents")) {
                  agents.add(a.toString());
                }
              }
              return Optional.of(
                  new ProjectTemplate(
                      i.id, held == null ? i.version : held, files, List.copyOf(agents)));
            });
  }

  /** Counts a project made from base {@code itemId} as an install. */
  void installed(String itemId) {
    data()
        .inTransaction(
            em -> {
              MarketItem i = em.find(MarketItem.class, itemId);
              if (i != null) {
                em.lock(i, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                em.refresh(i);
                i.installs++;
              }
              return null;
            });
  }

  /** Credits the creator's workspace with the sale, where the billing seam and its switch allow. */
  private void payCreator(MarketItem item, MarketPurchase p, long price) {
    try {
      context.inTenant(
          item.creatorTenantId,
          c ->
              c.billing()
                  .post(
                      new Posting(
                          "grant",
                          price,
                          "marketplace:sale:" + p.id,
                          "Marketplace sale: " + item.name)));
    } catch (RuntimeException e) {
      context
          .logger()
          .log(Level.WARNING, "Could not credit the creator of marketplace item " + item.id, e);
    }
  }

  ForkView fork(PluginSession s, String ref, ForkRequest body) {
    CallerInfo who = caller(s);
    String name = body == null ? null : body.name();
    MarketItem item = data().read(em -> visible(em, Optional.of(s), AGENT, ref));
    boolean mine = item.creatorTenantId.equals(s.tenantId());
    Optional<MarketPurchase> held =
        mine ? Optional.empty() : data().read(em -> purchase(em, item.id, s.tenantId()));
    if (!mine && item.priced()) {
      if (held.isEmpty()) {
        throw new ProblemException(
            402,
            "purchase_required",
            "Payment required",
            "Buy the agent first: POST /api/v1/marketplace/agents/" + item.id + "/purchase.");
      }
    } else if (!mine && held.isEmpty()) {
      purchase(s, AGENT, item.id, null); // a free agent joins the library
    }
    // the version the library holds (an update moves it), the latest for the creator
    String version = held.map(p -> p.version).orElse(item.version);
    String text = data().read(em -> content(em, item, version));
    JsonObject spec = Json.createReader(new StringReader(text)).readObject();
    if (name != null) {
      spec = Json.createObjectBuilder(spec).add("name", name).build();
    }
    String created = s.agents().create(spec.toString(), who.userId());
    return new ForkView(created, item.id, version == null ? item.version : version);
  }

  Page<LibraryView> library(PluginSession s, String kind, PageRequest page) {
    String where =
        " FROM MarketPurchase p, MarketItem i WHERE i.id = p.itemId AND p.buyerTenantId = :t"
            + (kind == null ? "" : " AND i.kind = :k");
    return data()
        .read(
            em -> {
              TypedQuery<Object[]> rows =
                  em.createQuery(
                      "SELECT p, i" + where + " ORDER BY p.createdAt DESC, p.id", Object[].class);
              TypedQuery<Long> count = em.createQuery("SELECT COUNT(p)" + where, Long.class);
              for (TypedQuery<?> query : List.of(rows, count)) {
                query.setParameter("t", s.tenantId());
                if (kind != null) {
                  query.setParameter("k", kind);
                }
              }
              List<LibraryView> items = new ArrayList<>();
              for (Object[] r :
                  rows.setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList()) {
                items.add(library((MarketItem) r[1], (MarketPurchase) r[0]));
              }
              return page.page(items, count.getSingleResult());
            });
  }

  private static LibraryView library(MarketItem i, MarketPurchase p) {
    String version = p.version == null ? i.version : p.version;
    boolean newer = APPROVED.equals(i.status) && !version.equals(i.version);
    return new LibraryView(view(i, false), p.priceCredits, p.createdAt, version, newer);
  }

  /**
   * Moves the library's copy of item {@code id} to the item's latest version: its own action, not a
   * fork (nothing is copied into the workspace). 404 when the workspace does not hold it, 409
   * {@code item_unavailable} when the item is withdrawn or no longer approved.
   */
  LibraryView updateInstalled(PluginSession s, String id) {
    caller(s);
    return data()
        .inTransaction(
            em -> {
              MarketPurchase p =
                  purchase(em, id, s.tenantId())
                      .orElseThrow(() -> ProblemException.notFound("The library item"));
              MarketItem i = em.find(MarketItem.class, p.itemId);
              if (!APPROVED.equals(i.status)) {
                throw ProblemException.conflict(
                    "item_unavailable", "The item is withdrawn or not approved: it has no update.");
              }
              p.version = i.version;
              return library(i, p);
            });
  }

  /**
   * A user's report of an item to the moderators: one per user (409 {@code report_exists}), not of
   * the workspace's own items (409 {@code own_item}); moderation lists count them.
   */
  ReportView report(PluginSession s, String kind, String ref, ReportRequest body) {
    CallerInfo who = caller(s);
    Check.body(body).text("reason", body == null ? null : body.reason(), 1000).done();
    try {
      return data()
          .inTransaction(
              em -> {
                MarketItem i = visible(em, Optional.of(s), kind, ref);
                if (i.creatorTenantId.equals(s.tenantId())) {
                  throw ProblemException.conflict(
                      "own_item", "A workspace cannot report its own item.");
                }
                MarketReport r =
                    new MarketReport(i.id, who.userId(), s.tenantId(), body.reason().trim());
                em.persist(r);
                em.flush();
                em.lock(i, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
                em.refresh(i);
                i.reportCount++;
                return view(r);
              });
    } catch (RuntimeException e) {
      if (data().isUniqueViolation(e)) {
        throw ProblemException.conflict("report_exists", "You have reported this item already.");
      }
      throw e;
    }
  }

  /** The reports of item {@code id}, newest first (superusers). */
  Page<ReportView> reports(PluginSession s, String id, PageRequest page) {
    superuser(s);
    return data()
        .read(
            em -> {
              MarketItem i = em.find(MarketItem.class, id);
              if (i == null || DELETED.equals(i.status)) {
                throw ProblemException.notFound("The item");
              }
              List<ReportView> items =
                  em.createQuery(
                          "SELECT r FROM MarketReport r WHERE r.itemId = :i"
                              + " ORDER BY r.createdAt DESC, r.id",
                          MarketReport.class)
                      .setParameter("i", id)
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultStream()
                      .map(Catalogue::view)
                      .toList();
              return page.page(items, i.reportCount);
            });
  }

  private static ReportView view(MarketReport r) {
    return new ReportView(r.id, r.itemId, r.userId, r.reporterTenantId, r.reason, r.createdAt);
  }

  // ---- the creator's view and moderation

  Page<CreatorItemView> creatorItems(PluginSession s, PageRequest page) {
    return data()
        .read(
            em -> {
              String where = " FROM MarketItem i WHERE i.creatorTenantId = :t AND i.status <> :d";
              List<CreatorItemView> items = new ArrayList<>();
              for (MarketItem i :
                  em.createQuery(
                          "SELECT i" + where + " ORDER BY i.createdAt DESC, i.id", MarketItem.class)
                      .setParameter("t", s.tenantId())
                      .setParameter("d", DELETED)
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()) {
                Object[] sales =
                    em.createQuery(
                            "SELECT COUNT(p), COALESCE(SUM(p.priceCredits), 0) FROM MarketPurchase"
                                + " p WHERE p.itemId = :i AND (p.priceCredits > 0"
                                + " OR p.payment IS NOT NULL)",
                            Object[].class)
                        .setParameter("i", i.id)
                        .getSingleResult();
                items.add(
                    new CreatorItemView(
                        view(i, false),
                        i.installs,
                        ((Number) sales[0]).longValue(),
                        ((Number) sales[1]).longValue()));
              }
              long total =
                  em.createQuery("SELECT COUNT(i)" + where, Long.class)
                      .setParameter("t", s.tenantId())
                      .setParameter("d", DELETED)
                      .getSingleResult();
              return page.page(items, total);
            });
  }

  CreatorDashboardView creatorDashboard(PluginSession s) {
    return data()
        .read(
            em -> {
              Object[] items =
                  em.createQuery(
                          "SELECT COUNT(i), COALESCE(SUM(i.installs), 0),"
                              + " COALESCE(SUM(i.ratingSum), 0), COALESCE(SUM(i.ratingCount), 0)"
                              + " FROM MarketItem i WHERE i.creatorTenantId = :t"
                              + " AND i.status <> :d",
                          Object[].class)
                      .setParameter("t", s.tenantId())
                      .setParameter("d", DELETED)
                      .getSingleResult();
              Object[] sales =
                  em.createQuery(
                          "SELECT COUNT(p), COALESCE(SUM(p.priceCredits), 0) FROM MarketPurchase p"
                              + " WHERE p.itemId IN (SELECT i.id FROM MarketItem i"
                              + " WHERE i.creatorTenantId = :t)"
                              + " AND (p.priceCredits > 0 OR p.payment IS NOT NULL)",
                          Object[].class)
                      .setParameter("t", s.tenantId())
                      .getSingleResult();
              long ratingSum = ((Number) items[2]).longValue();
              long ratingCount = ((Number) items[3]).longValue();
              return new CreatorDashboardView(
                  ((Number) items[0]).longValue(),
                  ((Number) items[1]).longValue(),
                  ((Number) sales[0]).longValue(),
                  ((Number) sales[1]).longValue(),
                  ratingCount,
                  ratingCount == 0 ? 0 : (double) ratingSum / ratingCount);
            });
  }

  Page<ItemView> adminItems(PluginSession s, String status, String kind, PageRequest page) {
    superuser(s);
    Check.start()
        .that(
            status == null || MODERATION.contains(status),
            "status",
            "must be approved, rejected or hidden")
        .that(kind == null || AGENT.equals(kind) || BASE.equals(kind), "kind", "agent or base")
        .done();
    String where =
        " FROM MarketItem i WHERE i.status <> 'deleted'"
            + (status == null ? "" : " AND i.status = :s")
            + (kind == null ? "" : " AND i.kind = :k");
    return data()
        .read(
            em -> {
              TypedQuery<MarketItem> items =
                  em.createQuery(
                      "SELECT i" + where + " ORDER BY i.createdAt DESC, i.id", MarketItem.class);
              TypedQuery<Long> count = em.createQuery("SELECT COUNT(i)" + where, Long.class);
              for (TypedQuery<?> query : List.of(items, count)) {
                if (status != null) {
                  query.setParameter("s", status);
                }
                if (kind != null) {
                  query.setParameter("k", kind);
                }
              }
              return page.page(
                  items
                      .setFirstResult(page.offset())
                      .setMaxResults(page.limit())
                      .getResultList()
                      .stream()
                      .map(Catalogue::moderated)
                      .toList(),
                  count.getSingleResult());
            });
  }

  ItemView moderate(PluginSession s, String id, ModerationRequest body) {
    superuser(s);
    Check.body(body);
    Check.start()
        .that(
            body.status() != null && MODERATION.contains(body.status()),
            "status",
            "must be approved, rejected or hidden")
        .done();
    return data()
        .inTransaction(
            em -> {
              MarketItem i = em.find(MarketItem.class, id);
              if (i == null || DELETED.equals(i.status)) {
                throw ProblemException.notFound("The item");
              }
              i.status = body.status();
              i.updatedAt = Times.now();
              return moderated(i);
            });
  }

  private static void superuser(PluginSession s) {
    if (!s.superuser()) {
      throw ProblemException.forbidden("This operation needs a platform superuser.");
    }
  }

  // ---- views

  /** An item as moderators see it: with its count of reports. */
  private static ItemView moderated(MarketItem i) {
    return view(i, false, i.reportCount);
  }

  static ItemView view(MarketItem i, boolean details) {
    return view(i, details, null);
  }

  private static ItemView view(MarketItem i, boolean details, Long reports) {
    List<String> tags = Arrays.stream(i.tags.split(",")).filter(t -> !t.isEmpty()).toList();
    JsonValue content = details ? Json.createReader(new StringReader(i.content)).readValue() : null;
    return new ItemView(
        i.id,
        i.kind,
        i.slug,
        i.name,
        i.description,
        i.category,
        tags,
        i.icon,
        i.visibility,
        i.priceCredits,
        i.stripePriceId,
        i.stripePriceId != null ? "stripe" : i.priceCredits == 0 ? "free" : "credits",
        i.status,
        i.version,
        i.creatorTenantId,
        i.ratingAverage,
        i.ratingCount,
        i.installs,
        reports,
        i.createdAt,
        i.updatedAt,
        content);
  }

  private static ReviewView view(MarketReview r) {
    return new ReviewView(r.id, r.itemId, r.userId, r.rating, r.text, r.createdAt);
  }
}
