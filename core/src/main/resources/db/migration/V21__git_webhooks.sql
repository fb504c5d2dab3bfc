-- A project's link to a repository at a git host, whose push webhooks pull the project: the
-- secret the host signs deliveries with, sealed with the master key. One link per project.
CREATE TABLE git_webhooks (
  project_id     VARCHAR(36)    PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  tenant_id      VARCHAR(36)    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  provider       VARCHAR(32)    NOT NULL,
  repository     VARCHAR(200)   NOT NULL,
  branch         VARCHAR(255),
  secret_enc     VARCHAR(2000)  NOT NULL,
  created_by     VARCHAR(36)    NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_git_webhooks_repository ON git_webhooks (provider, repository);

-- Deliveries applied to a link, by the host's delivery id: a retried delivery is applied once.
CREATE TABLE git_webhook_deliveries (
  id             VARCHAR(36)    PRIMARY KEY,
  project_id     VARCHAR(36)    NOT NULL REFERENCES git_webhooks (project_id) ON DELETE CASCADE,
  delivery_id    VARCHAR(200)   NOT NULL,
  branch         VARCHAR(255)   NOT NULL,
  after_sha      VARCHAR(64),
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_git_webhook_deliveries UNIQUE (project_id, delivery_id)
);
