-- Runs: durable rows claimed by workers on any node; their steps and their event log.
-- Same SQL on H2 (2.x) and PostgreSQL.

-- A conversation with an agent about a project; each turn is a run.
CREATE TABLE chats (
  id          VARCHAR(36)  PRIMARY KEY,
  tenant_id   VARCHAR(36)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  project_id  VARCHAR(36)  NOT NULL,
  agent_name  VARCHAR(64)  NOT NULL,
  title       VARCHAR(200) NOT NULL,
  created_by  VARCHAR(36),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_chats_project ON chats (tenant_id, project_id, updated_at);

CREATE TABLE runs (
  id               VARCHAR(36)   PRIMARY KEY,
  tenant_id        VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  agent_name       VARCHAR(64)   NOT NULL,
  project_id       VARCHAR(36),
  chat_id          VARCHAR(36)   REFERENCES chats (id) ON DELETE CASCADE,
  trigger_kind     VARCHAR(16)   NOT NULL,
  status           VARCHAR(24)   NOT NULL,
  input            VARCHAR(1000000) NOT NULL,
  output           VARCHAR(1000000),
  error_code       VARCHAR(64),
  error            VARCHAR(4000),
  model            VARCHAR(256),
  tokens_input     BIGINT        NOT NULL DEFAULT 0,
  tokens_output    BIGINT        NOT NULL DEFAULT 0,
  cost             DECIMAL(18,6) NOT NULL DEFAULT 0,
  step_count       INTEGER       NOT NULL DEFAULT 0,
  cancel_requested BOOLEAN       NOT NULL DEFAULT FALSE,
  attempts         INTEGER       NOT NULL DEFAULT 0,
  lease_owner      VARCHAR(64),
  lease_until      TIMESTAMP WITH TIME ZONE,
  state            VARCHAR(1000000),
  created_by       VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at       TIMESTAMP WITH TIME ZONE,
  finished_at      TIMESTAMP WITH TIME ZONE,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_runs_tenant_created ON runs (tenant_id, created_at);
CREATE INDEX ix_runs_queue ON runs (status, created_at);
CREATE INDEX ix_runs_chat ON runs (chat_id, created_at);

CREATE TABLE run_steps (
  id             VARCHAR(36)   PRIMARY KEY,
  tenant_id      VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  run_id         VARCHAR(36)   NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq            INTEGER       NOT NULL,
  kind           VARCHAR(16)   NOT NULL,
  name           VARCHAR(256),
  tool_call_id   VARCHAR(128),
  arguments      VARCHAR(1000000),
  result         VARCHAR(1000000),
  status         VARCHAR(24)   NOT NULL,
  tokens_input   BIGINT        NOT NULL DEFAULT 0,
  tokens_output  BIGINT        NOT NULL DEFAULT 0,
  started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at    TIMESTAMP WITH TIME ZONE,
  CONSTRAINT uq_run_steps_seq UNIQUE (run_id, seq)
);

-- What the run's SSE stream replays: every durable event with its sequence number (the SSE id).
CREATE TABLE run_events (
  run_id      VARCHAR(36)   NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq         BIGINT        NOT NULL,
  tenant_id   VARCHAR(36)   NOT NULL,
  type        VARCHAR(32)   NOT NULL,
  data        VARCHAR(1000000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (run_id, seq)
);
