package dev.atelier.core.persistence;

import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.SingleTableMultitenantPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.sessions.Session;

/**
 * Makes every entity of a persistence unit tenant-owned, as {@code @Multitenant} does for core's:
 * the {@code tenant_id} column of its table is filled from the entity manager's {@link
 * Transactions#TENANT_PROPERTY} on insert and added to every query. Plugin units get it, so a
 * plugin's entities are isolated without the plugin declaring (or being able to forget) anything.
 * It sets the {@link SessionDefaults} of every unit too.
 */
public class TenantColumn extends SessionDefaults {

  @Override
  public void customize(Session session) {
    super.customize(session);
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
