package dev.atelier.core.persistence;

import jakarta.persistence.MappedSuperclass;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * An entity owned by one tenant: its table's {@code tenant_id} column is filled from the entity
 * manager's {@link Transactions#TENANT_PROPERTY} on insert and added to every query by EclipseLink,
 * so a unit of work sees only its tenant's rows.
 */
@MappedSuperclass
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = "tenant_id", contextProperty = Transactions.TENANT_PROPERTY)
public abstract class TenantOwned {}
