-- Items sold at a Stripe price, the version a library holds, and users' reports.
-- The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.

-- A Stripe price instead of credits (price_credits then 0).
ALTER TABLE market_items ADD COLUMN stripe_price_id VARCHAR(255);
ALTER TABLE market_items ADD COLUMN report_count BIGINT NOT NULL DEFAULT 0;

-- The version the library holds (updated by its own action) and the payment that bought it.
ALTER TABLE market_purchases ADD COLUMN version VARCHAR(32);
ALTER TABLE market_purchases ADD COLUMN payment VARCHAR(255);
UPDATE market_purchases SET version =
  (SELECT i.version FROM market_items i WHERE i.id = market_purchases.item_id);

-- One report per user and item, for moderation.
CREATE TABLE market_reports (
  id                  VARCHAR(36)   PRIMARY KEY,
  tenant_id           VARCHAR(36)   NOT NULL,
  item_id             VARCHAR(36)   NOT NULL,
  user_id             VARCHAR(36)   NOT NULL,
  reporter_tenant_id  VARCHAR(36)   NOT NULL,
  reason              VARCHAR(1000) NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_market_reports ON market_reports (tenant_id, item_id, user_id);
