package dev.atelier.core.projects;

import dev.atelier.core.persistence.TenantOwned;
import dev.atelier.core.persistence.Times;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A project of a tenant, addressed by id or by its slug (unique within the tenant). */
@Entity
@Table(name = "projects")
public class Project extends TenantOwned {

  @Id private String id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String slug;

  private String description;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected Project() {}

  public Project(String name, String slug, String description, String createdBy) {
    this.id = UUID.randomUUID().toString();
    this.name = name;
    this.slug = slug;
    this.description = description;
    this.createdBy = createdBy;
    this.createdAt = Times.now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String slug() {
    return slug;
  }

  public String description() {
    return description;
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

  public void rename(String name) {
    this.name = name;
    this.updatedAt = Times.now();
  }

  public void changeSlug(String slug) {
    this.slug = slug;
    this.updatedAt = Times.now();
  }

  public void describe(String description) {
    this.description = description;
    this.updatedAt = Times.now();
  }
}
