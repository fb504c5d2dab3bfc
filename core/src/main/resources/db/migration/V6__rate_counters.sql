-- Rate-limit counters and short-lived marks kept in the database, for clusters whose application
-- server has no data grid (atelier.rate-limit.store=database). Same SQL on H2 (2.x) and PostgreSQL.

CREATE TABLE rate_counters (
  counter_key VARCHAR(400)             PRIMARY KEY,
  hits        BIGINT                   NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_rate_counters_expiry ON rate_counters (expires_at);
