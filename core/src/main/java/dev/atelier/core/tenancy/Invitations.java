package dev.atelier.core.tenancy;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.audit.Audit;
import dev.atelier.core.events.Outbox;
import dev.atelier.core.identity.User;
import dev.atelier.core.limits.PlanLimits;
import dev.atelier.core.mail.Mailer;
import dev.atelier.core.persistence.Times;
import dev.atelier.core.persistence.Transactions;
import dev.atelier.core.security.MasterKey;
import dev.atelier.core.security.Secrets;
import dev.atelier.plugin.api.event.CoreEvents;
import dev.atelier.plugin.api.web.Page;
import dev.atelier.plugin.api.web.PageRequest;
import dev.atelier.plugin.api.web.ProblemException;
import dev.atelier.plugin.api.web.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Invitations to a workspace: an admin invites any address (a mail goes out, and the answer is the
 * same whether or not the address has an account); the account of that address accepts through the
 * invitation's token and becomes a member with the invited role. Nobody becomes a member without
 * accepting, and nothing tells the inviter which addresses are registered.
 */
@ApplicationScoped
public class Invitations {

  static final Duration TTL = Duration.ofDays(7);
  static final String TEMPLATE = "invitation";
  private static final String COLUMNS =
      "i.id, i.email, i.role, u.email, i.created_at, i.expires_at, i.tenant_id, t.name, u.name,"
          + " i.accepted_at";

  @Inject Transactions tx;
  @Inject PlanLimits limits;
  @Inject Tenancy tenancy;
  @Inject MasterKey masterKey;
  @Inject Mailer mailer;
  @Inject Audit audit;
  @Inject Outbox events;

  /** A row read back. */
  private record Row(
      String id,
      String email,
      String role,
      String inviterEmail,
      Instant createdAt,
      Instant expiresAt,
      String tenantId,
      String tenantName,
      String inviterName,
      Instant acceptedAt) {

    InvitationView view(String token) {
      return new InvitationView(id, email, role, inviterEmail, createdAt, expiresAt, token);
    }
  }

  /**
   * Invites {@code email} to workspace {@code tenantId} with {@code role}, from {@code inviterId}:
   * a pending invitation of the same address is replaced. 409 {@code already_member} when the
   * address's account is a member already.
   */
  public InvitationView invite(String tenantId, String inviterId, String email, Role role) {
    String address = User.normalizeEmail(email);
    String token = "ati_" + Secrets.token(32);
    String id = UUID.randomUUID().toString();
    Instant now = Times.now();
    return tx.inTenant(
        tenantId,
        em -> {
          Long members =
              (Long)
                  em.createQuery(
                          "SELECT COUNT(m) FROM Membership m, User u WHERE u.id = m.userId"
                              + " AND m.tenantId = :t AND u.email = :e")
                      .setParameter("t", tenantId)
                      .setParameter("e", address)
                      .getSingleResult();
          if (members > 0) {
            throw Tenants.alreadyMember();
          }
          em.createNativeQuery(
                  "DELETE FROM invitations WHERE tenant_id = ? AND email = ? AND accepted_at IS"
                      + " NULL")
              .setParameter(1, tenantId)
              .setParameter(2, address)
              .executeUpdate();
          em.createNativeQuery(
                  "INSERT INTO invitations (id, tenant_id, email, role, token_hash, invited_by,"
                      + " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
              .setParameter(1, id)
              .setParameter(2, tenantId)
              .setParameter(3, address)
              .setParameter(4, role.wire())
              .setParameter(5, hash(token))
              .setParameter(6, inviterId)
              .setParameter(7, Timestamp.from(now))
              .setParameter(8, Timestamp.from(now.plus(TTL)))
              .executeUpdate();
          Tenant tenant = em.find(Tenant.class, tenantId);
          User inviter = em.find(User.class, inviterId);
          mailer.queue(
              address,
              TEMPLATE,
              Map.of(
                  "inviter",
                  inviter.name(),
                  "workspace",
                  tenant.name(),
                  "role",
                  role.wire(),
                  "email",
                  address,
                  "token",
                  token,
                  "days",
                  Long.toString(TTL.toDays())));
          audit.record(em, "invitation.created", "invitation", id, address + " as " + role.wire());
          return new InvitationView(
              id, address, role.wire(), inviter.email(), now, now.plus(TTL), token);
        });
  }

  /** The pending invitations of workspace {@code tenantId}, newest first. */
  public Page<InvitationView> list(String tenantId, PageRequest page) {
    return tx.inPlatform(
        em -> {
          @SuppressWarnings("unchecked")
          List<Object[]> rows =
              em.createNativeQuery(
                      "SELECT "
                          + COLUMNS
                          + " FROM invitations i JOIN tenants t ON t.id = i.tenant_id"
                          + " LEFT JOIN users u ON u.id = i.invited_by"
                          + " WHERE i.tenant_id = ? AND i.accepted_at IS NULL"
                          + " ORDER BY i.created_at DESC, i.id")
                  .setParameter(1, tenantId)
                  .setHint(Transactions.ALLOW_NATIVE_SQL, true)
                  .setFirstResult(page.offset())
                  .setMaxResults(page.limit())
                  .getResultList();
          Number total =
              (Number)
                  em.createNativeQuery(
                          "SELECT COUNT(*) FROM invitations WHERE tenant_id = ? AND accepted_at IS"
                              + " NULL")
                      .setParameter(1, tenantId)
                      .setHint(Transactions.ALLOW_NATIVE_SQL, true)
                      .getSingleResult();
          return page.page(rows.stream().map(r -> row(r).view(null)).toList(), total.longValue());
        });
  }

  /** Withdraws pending invitation {@code id} of workspace {@code tenantId}; 404 when none. */
  public void revoke(String tenantId, String id) {
    tx.inTenantDo(
        tenantId,
        em -> {
          int deleted =
              em.createNativeQuery(
                      "DELETE FROM invitations WHERE id = ? AND tenant_id = ? AND accepted_at IS"
                          + " NULL")
                  .setParameter(1, id)
                  .setParameter(2, tenantId)
                  .executeUpdate();
          if (deleted == 0) {
            throw ApiException.notFound("The invitation");
          }
          audit.record(em, "invitation.revoked", "invitation", id, null);
        });
  }

  /** What invitation {@code token} offers; 404 when it is unknown, accepted or expired. */
  public InvitationPreview preview(String token) {
    Row r = tx.inPlatform(em -> live(em, token));
    return new InvitationPreview(
        r.tenantName(), r.inviterName(), r.role(), r.email(), r.expiresAt());
  }

  /**
   * Accepts invitation {@code token} for user {@code userId} of address {@code email}: a member of
   * its workspace with its role. 404 when the invitation is unknown, accepted or expired; 403
   * {@code invitation_for_another_address} when it is for another address; 409 {@code
   * already_member}.
   */
  public TenantView accept(String token, String userId, String email) {
    TenantView joined =
        tx.inPlatform(
            em -> {
              Row r = live(em, token);
              if (!r.email().equals(User.normalizeEmail(email))) {
                throw forAnotherAddress();
              }
              int taken =
                  em.createNativeQuery(
                          "UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND"
                              + " accepted_at IS NULL")
                      .setParameter(1, Timestamp.from(Times.now()))
                      .setParameter(2, userId)
                      .setParameter(3, r.id())
                      .executeUpdate();
              if (taken != 1) {
                throw gone();
              }
              if (tenancy.membership(em, r.tenantId(), userId).isPresent()) {
                throw Tenants.alreadyMember();
              }
              Role role = Role.parse(r.role()).orElse(Role.VIEWER);
              limits.admit(
                  em,
                  r.tenantId(),
                  PlanLimits.MEMBERS,
                  () -> tenancy.memberCount(em, r.tenantId()));
              em.persist(new Membership(r.tenantId(), userId, role));
              Transactions.flush(em, Tenants::alreadyMember);
              events.publish(
                  CoreEvents.MEMBER_ADDED, r.tenantId(), userId, Map.of("role", r.role()));
              return TenantView.of(em.find(Tenant.class, r.tenantId()), r.role());
            });
    audit.recordFor(
        List.of(joined.id()), userId, email, "invitation.accepted", "as " + joined.role());
    return joined;
  }

  private Row live(EntityManager em, String token) {
    if (token == null || !token.startsWith("ati_") || token.length() > 100) {
      throw gone();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT "
                    + COLUMNS
                    + " FROM invitations i JOIN tenants t ON t.id = i.tenant_id"
                    + " LEFT JOIN users u ON u.id = i.invited_by"
                    + " WHERE i.token_hash = ? AND i.accepted_at IS NULL AND i.expires_at > ?")
            .setParameter(1, hash(token))
            .setParameter(2, Timestamp.from(Times.now()))
            .setHint(Transactions.ALLOW_NATIVE_SQL, true)
            .getResultList();
    if (rows.isEmpty()) {
      throw gone();
    }
    return row(rows.get(0));
  }

  /** 403 {@code invitation_for_another_address}. */
  public static ApiException forAnotherAddress() {
    return new ApiException(
        403,
        "invitation_for_another_address",
        "Forbidden",
        "This invitation is for another e-mail address: sign in, or register, with that address.");
  }

  private static ProblemException gone() {
    return ApiException.notFound("The invitation");
  }

  private static Row row(Object[] r) {
    return new Row(
        (String) r[0],
        (String) r[1],
        (String) r[2],
        (String) r[3],
        instant(r[4]),
        instant(r[5]),
        (String) r[6],
        (String) r[7],
        (String) r[8],
        r[9] == null ? null : instant(r[9]));
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp t) {
      return t.toInstant();
    }
    if (value instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (value instanceof Instant i) {
      return i;
    }
    throw new IllegalStateException("Unexpected time " + value.getClass());
  }

  private String hash(String token) {
    return masterKey.keyedHash("invitation:" + token);
  }
}
