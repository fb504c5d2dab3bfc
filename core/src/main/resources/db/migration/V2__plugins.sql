-- Plugin host: feature switches and plugin secrets. Same SQL on H2 (2.x) and PostgreSQL.

-- The platform's setting of a feature (a plugin id); no row means on by default, tenant may toggle.
CREATE TABLE features (
  feature_key        VARCHAR(64) PRIMARY KEY,
  enabled_by_default BOOLEAN     NOT NULL,
  tenant_can_toggle  BOOLEAN     NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A tenant's own switch of a feature; counts only while the platform lets tenants toggle it.
CREATE TABLE tenant_features (
  tenant_id    VARCHAR(36) NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  feature_key  VARCHAR(64) NOT NULL,
  enabled      BOOLEAN     NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, feature_key)
);

-- Secrets of a plugin in a tenant, encrypted with the master key (AES-GCM, bound to
-- tenant, plugin and name).
CREATE TABLE plugin_secrets (
  tenant_id    VARCHAR(36)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  plugin_id    VARCHAR(64)  NOT NULL,
  name         VARCHAR(128) NOT NULL,
  sealed_value VARCHAR(100000) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, plugin_id, name)
);
