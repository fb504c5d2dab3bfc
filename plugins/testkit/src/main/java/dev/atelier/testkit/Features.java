package dev.atelier.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

/**
 * Switches features (every plugin is one, keyed by its plugin id), to test what a plugin does where
 * it is off: its routes answer 403 {@code feature_disabled}, its listeners, tools and providers do
 * nothing for that tenant.
 */
public final class Features {

  private Features() {}

  /**
   * Switches {@code key} on or off for the admin's current tenant ({@code PUT
   * /api/v1/tenants/current/features/{key}}).
   *
   * @param admin a session with the admin role in the tenant
   * @return the answer, after asserting it is a 2xx
   */
  public static Api.Res setForTenant(Accounts.Session admin, String key, boolean enabled) {
    Api.Res res =
        admin.api().put("/api/v1/tenants/current/features/" + key, Map.of("enabled", enabled));
    assertTrue(res.status() / 100 == 2, res.toString());
    return res;
  }

  /**
   * Sets the platform default of {@code key} as the superuser ({@code PUT
   * /api/v1/admin/features/{key}}).
   *
   * @param enabledByDefault whether tenants that did not choose have it
   * @param tenantCanToggle whether tenant admins may switch it
   * @return the answer, after asserting it is a 2xx
   */
  public static Api.Res setDefault(String key, boolean enabledByDefault, boolean tenantCanToggle) {
    Api.Res res =
        Accounts.superuser()
            .api()
            .put(
                "/api/v1/admin/features/" + key,
                Map.of(
                    "enabled_by_default", enabledByDefault, "tenant_can_toggle", tenantCanToggle));
    assertTrue(res.status() / 100 == 2, res.toString());
    return res;
  }
}
