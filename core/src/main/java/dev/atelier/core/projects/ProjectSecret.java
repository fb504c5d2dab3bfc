package dev.atelier.core.projects;

import dev.atelier.core.persistence.Transactions;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * A named secret of a project, encrypted with the master key; its value never leaves the server.
 */
@Entity
@Table(name = "project_secrets")
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = Transactions.TENANT_PROPERTY)
public class ProjectSecret {

  @Id private String id;

  @Column(name = "project_id", nullable = false)
  private String projectId;

  @Column(nullable = false)
  private String name;

  @Column(name = "value_enc", nullable = false)
  private String valueEncrypted;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  protected ProjectSecret() {}

  public ProjectSecret(String projectId, String name, String valueEncrypted) {
    this.id = UUID.randomUUID().toString();
    this.projectId = projectId;
    this.name = name;
    this.valueEncrypted = valueEncrypted;
    this.createdAt = now();
    this.updatedAt = createdAt;
  }

  public String id() {
    return id;
  }

  public String projectId() {
    return projectId;
  }

  public String name() {
    return name;
  }

  public String valueEncrypted() {
    return valueEncrypted;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public void replaceValue(String valueEncrypted) {
    this.valueEncrypted = valueEncrypted;
    this.updatedAt = now();
  }

  /** Now, at the precision the database keeps, so a response and a later read agree. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
