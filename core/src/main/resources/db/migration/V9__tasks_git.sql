-- Durable background tasks (clone, push, pull; later deployments and agent changes): rows claimed
-- by workers on any node under a lease, as runs are (ADR 0016). Same SQL on H2 (2.x) and PostgreSQL.
CREATE TABLE tasks (
  id               VARCHAR(36)   PRIMARY KEY,
  tenant_id        VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind             VARCHAR(64)   NOT NULL,
  project_id       VARCHAR(36),
  status           VARCHAR(16)   NOT NULL,
  input            VARCHAR(100000) NOT NULL,
  progress         INTEGER       NOT NULL DEFAULT 0,
  message          VARCHAR(500),
  result           VARCHAR(100000),
  error            VARCHAR(20000),
  attempts         INTEGER       NOT NULL DEFAULT 0,
  lease_owner      VARCHAR(64),
  lease_until      TIMESTAMP WITH TIME ZONE,
  created_by       VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at       TIMESTAMP WITH TIME ZONE,
  finished_at      TIMESTAMP WITH TIME ZONE,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_tasks_queue ON tasks (status, created_at);
CREATE INDEX ix_tasks_project ON tasks (tenant_id, project_id, created_at);
