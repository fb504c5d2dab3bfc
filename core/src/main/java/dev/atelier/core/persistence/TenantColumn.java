package dev.atelier.core.persistence;

import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.SingleTableMultitenantPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionCustomizer;

/**
 * Makes every entity of a persistence unit tenant-owned, as {@code @Multitenant} does for core's:
 * the {@code tenant_id} column of its table is filled from the entity manager's {@link
 * Transactions#TENANT_PROPERTY} on insert and added to every query. Plugin units get it, so a
 * plugin's entities are isolated without the plugin declaring (or being able to forget) anything.
 */
public class TenantColumn implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    for (ClassDescriptor descriptor : session.getDescriptors().values()) {
      if (descriptor.isAggregateDescriptor() || descriptor.hasMultitenantPolicy()) {
        continue;
      }
      SingleTableMultitenantPolicy policy = new SingleTableMultitenantPolicy(descriptor);
      DatabaseField field = new DatabaseField("tenant_id");
      field.setTable(descriptor.getDefaultTable());
      field.setType(String.class);
      field.setLength(36);
      policy.addTenantDiscriminatorField(Transactions.TENANT_PROPERTY, field);
      policy.setIncludeTenantCriteria(true);
      descriptor.setMultitenantPolicy(policy);
    }
  }
}
