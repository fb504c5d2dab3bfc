package dev.atelier.core.tenancy;

import dev.atelier.core.persistence.Times;
import dev.atelier.plugin.api.web.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A user's role in a tenant. Platform-level: it is what links users to tenants. */
@Entity
@Table(name = "memberships")
@IdClass(Membership.Key.class)
public class Membership {

  @Id
  @Column(name = "tenant_id")
  private String tenantId;

  @Id
  @Column(name = "user_id")
  private String userId;

  @Column(nullable = false)
  private String role;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected Membership() {}

  public Membership(String tenantId, String userId, Role role) {
    this.tenantId = tenantId;
    this.userId = userId;
    this.role = role.wire();
    this.createdAt = Times.now();
  }

  public String tenantId() {
    return tenantId;
  }

  public String userId() {
    return userId;
  }

  public Role role() {
    return Role.parse(role).orElseThrow();
  }

  public void changeRole(Role role) {
    this.role = role.wire();
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The composite primary key. */
  public static class Key implements Serializable {
    private String tenantId;
    private String userId;

    public Key() {}

    public Key(String tenantId, String userId) {
      this.tenantId = tenantId;
      this.userId = userId;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && tenantId.equals(k.tenantId) && userId.equals(k.userId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenantId, userId);
    }
  }
}
