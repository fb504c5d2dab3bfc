-- Agent changes (ADR 0029): a request handed to an agent that works on a branch of the project's
-- repository; its work is committed, pushed and opened as a pull request (or committed to the base
-- branch). Done by one task that waits, holding no worker, while the agent's run goes on.
-- Same SQL on H2 and PostgreSQL.
CREATE TABLE agent_changes (
  id               VARCHAR(36)   PRIMARY KEY,
  tenant_id        VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  project_id       VARCHAR(36)   NOT NULL,
  task_id          VARCHAR(36)   NOT NULL,
  run_id           VARCHAR(36),
  agent            VARCHAR(64)   NOT NULL,
  description      VARCHAR(100000) NOT NULL,
  kind             VARCHAR(16)   NOT NULL,
  commit_mode      VARCHAR(16)   NOT NULL,
  provider         VARCHAR(32),
  repo             VARCHAR(512),
  base_branch      VARCHAR(255),
  branch           VARCHAR(255),
  base_commit      VARCHAR(64),
  status           VARCHAR(16)   NOT NULL,
  commit_sha       VARCHAR(64),
  pull_number      INTEGER,
  html_url         VARCHAR(2048),
  error_code       VARCHAR(64),
  error_detail     VARCHAR(4000),
  created_by       VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_agent_changes_list ON agent_changes (tenant_id, created_at);
CREATE INDEX ix_agent_changes_run ON agent_changes (run_id);
CREATE INDEX ix_agent_changes_project ON agent_changes (tenant_id, project_id);
