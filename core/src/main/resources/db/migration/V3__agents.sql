-- Agents: specs of a workspace, by name. Same SQL on H2 (2.x) and PostgreSQL.

CREATE TABLE agents (
  id           VARCHAR(36)      PRIMARY KEY,
  tenant_id    VARCHAR(36)      NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name         VARCHAR(64)      NOT NULL,
  description  VARCHAR(4000),
  model        VARCHAR(300)     NOT NULL,
  -- the validated spec with its defaults, as JSON: what the run engine reads
  spec_json    VARCHAR(1000000) NOT NULL,
  -- the source text as sent (at most 256 KiB of UTF-8) and its notation, yaml or json
  format       VARCHAR(8)       NOT NULL,
  content      VARCHAR(262144)  NOT NULL,
  created_by   VARCHAR(36),
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_agents_tenant_name UNIQUE (tenant_id, name)
);
