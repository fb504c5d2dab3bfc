-- Stripe billing. The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.
-- Every table carries tenant_id, filled and filtered by the host. The ledger itself is the core's.

-- A workspace's Stripe customer and subscription, as the latest applied event left them.
CREATE TABLE stripe_accounts (
  id                   VARCHAR(36)  PRIMARY KEY,
  tenant_id            VARCHAR(36)  NOT NULL,
  customer_id          VARCHAR(255),
  subscription_id      VARCHAR(255),
  subscription_status  VARCHAR(32),
  price_id             VARCHAR(255),
  period_end           TIMESTAMP WITH TIME ZONE,
  cancel_at_period_end BOOLEAN      NOT NULL DEFAULT FALSE,
  last_event_created   BIGINT       NOT NULL DEFAULT 0,
  updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_stripe_accounts_tenant ON stripe_accounts (tenant_id);

-- Every event received, by Stripe's id: stored before the answer, applied once afterwards.
CREATE TABLE stripe_events (
  id             VARCHAR(255)  PRIMARY KEY,
  tenant_id      VARCHAR(36)   NOT NULL,
  event_type     VARCHAR(100)  NOT NULL,
  created_epoch  BIGINT        NOT NULL,
  payload        VARCHAR(1000000) NOT NULL,
  status         VARCHAR(16)   NOT NULL,
  attempts       INTEGER       NOT NULL DEFAULT 0,
  error          VARCHAR(2000),
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  processed_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_stripe_events_pending ON stripe_events (tenant_id, status, created_epoch);

-- Credits taken back for each refunded charge so far (refund events carry cumulative amounts).
CREATE TABLE stripe_refunds (
  charge_id   VARCHAR(255) PRIMARY KEY,
  tenant_id   VARCHAR(36)  NOT NULL,
  refunded    BIGINT       NOT NULL,
  credits     BIGINT       NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
