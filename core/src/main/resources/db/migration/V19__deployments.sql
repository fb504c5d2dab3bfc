-- Deployments of projects to hosting providers (ADR 0021): a workspace's provider credentials
-- (the token encrypted with the master key) and each deployment with its provider reference.
-- Same SQL on H2 (2.x) and PostgreSQL.
CREATE TABLE deployment_credentials (
  id               VARCHAR(36)   PRIMARY KEY,
  tenant_id        VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  provider         VARCHAR(64)   NOT NULL,
  account          VARCHAR(200),
  account_name     VARCHAR(200),
  token_enc        VARCHAR(4000) NOT NULL,
  created_by       VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_deployment_credentials ON deployment_credentials (tenant_id, provider);

CREATE TABLE deployments (
  id               VARCHAR(36)   PRIMARY KEY,
  tenant_id        VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  project_id       VARCHAR(36)   NOT NULL,
  provider         VARCHAR(64)   NOT NULL,
  target           VARCHAR(16)   NOT NULL,
  output_dir       VARCHAR(500),
  status           VARCHAR(16)   NOT NULL,
  reference        VARCHAR(200),
  url              VARCHAR(2000),
  log              VARCHAR(4000),
  task_id          VARCHAR(36),
  created_by       VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_deployments_project ON deployments (tenant_id, project_id, created_at);
