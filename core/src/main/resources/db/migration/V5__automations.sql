-- Automations: agent runs on a cron schedule. Same SQL on H2 (2.x) and PostgreSQL.

CREATE TABLE automations (
  id           VARCHAR(36)     PRIMARY KEY,
  tenant_id    VARCHAR(36)     NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name         VARCHAR(200)    NOT NULL,
  description  VARCHAR(4000),
  cron         VARCHAR(200)    NOT NULL,
  timezone     VARCHAR(64)     NOT NULL,
  agent_name   VARCHAR(64)     NOT NULL,
  project_id   VARCHAR(36),
  message      VARCHAR(100000) NOT NULL,
  enabled      BOOLEAN         NOT NULL,
  -- the next due time; null while disabled. The timer claims a due time by moving it on with a
  -- conditional update in the transaction that inserts its run.
  next_run_at  TIMESTAMP WITH TIME ZONE,
  -- the due time of the last run and that run
  last_run_at  TIMESTAMP WITH TIME ZONE,
  last_run_id  VARCHAR(36),
  created_by   VARCHAR(36),
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_automations_due ON automations (enabled, next_run_at);
CREATE INDEX ix_automations_tenant ON automations (tenant_id, created_at);

-- A run an automation fired: which automation, for which due time. At most one run per due time.
ALTER TABLE runs ADD COLUMN automation_id VARCHAR(36);
ALTER TABLE runs ADD COLUMN scheduled_for TIMESTAMP WITH TIME ZONE;
CREATE UNIQUE INDEX uq_runs_automation_due ON runs (automation_id, scheduled_for);
