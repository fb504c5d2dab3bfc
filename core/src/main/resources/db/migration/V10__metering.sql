-- Metering: the platform's plans, each tenant's credit account and its append-only ledger.
-- Same SQL on H2 (2.x) and PostgreSQL.

-- Plans set by superusers; a tenant without a subscription is on the plan 'free'.
CREATE TABLE billing_plans (
  plan_key         VARCHAR(64)   PRIMARY KEY,
  name             VARCHAR(200)  NOT NULL,
  price_id         VARCHAR(255),
  billing_interval VARCHAR(16)   NOT NULL,
  monthly_credits  BIGINT        NOT NULL,
  overage          BOOLEAN       NOT NULL,
  limits           VARCHAR(4000) NOT NULL,
  features         VARCHAR(4000) NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_billing_plans_price ON billing_plans (price_id);

-- One row per tenant, locked by every ledger write: its balance is the sum of the ledger.
CREATE TABLE credit_accounts (
  id          VARCHAR(36)  PRIMARY KEY,
  tenant_id   VARCHAR(36)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  plan_key    VARCHAR(64),
  status      VARCHAR(32),
  period_end  TIMESTAMP WITH TIME ZONE,
  balance     BIGINT       NOT NULL DEFAULT 0,
  purchased   BIGINT       NOT NULL DEFAULT 0,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_credit_accounts_tenant ON credit_accounts (tenant_id);

-- The ledger: grants, purchases, consumption, refunds, adjustments; never updated or deleted.
CREATE TABLE credit_entries (
  id             VARCHAR(36)   PRIMARY KEY,
  tenant_id      VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind           VARCHAR(16)   NOT NULL,
  amount         BIGINT        NOT NULL,
  balance_after  BIGINT        NOT NULL,
  reference      VARCHAR(255),
  description    VARCHAR(500),
  run_id         VARCHAR(36),
  agent_name     VARCHAR(64),
  model          VARCHAR(256),
  tokens_input   BIGINT        NOT NULL DEFAULT 0,
  tokens_output  BIGINT        NOT NULL DEFAULT 0,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_credit_entries_reference ON credit_entries (tenant_id, reference);
CREATE INDEX ix_credit_entries_created ON credit_entries (tenant_id, created_at);
