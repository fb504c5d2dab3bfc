-- Core schema. The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.

CREATE TABLE users (
  id              VARCHAR(36)  PRIMARY KEY,
  email           VARCHAR(254) NOT NULL,
  name            VARCHAR(200) NOT NULL,
  password_hash   VARCHAR(200) NOT NULL,
  superuser       BOOLEAN      NOT NULL DEFAULT FALSE,
  disabled        BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_users_email UNIQUE (email)
);

CREATE TABLE tenants (
  id                     VARCHAR(36)  PRIMARY KEY,
  name                   VARCHAR(200) NOT NULL,
  slug                   VARCHAR(64)  NOT NULL,
  personal               BOOLEAN      NOT NULL DEFAULT FALSE,
  rate_limit_per_minute  INTEGER,
  created_by             VARCHAR(36),
  created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_tenants_slug UNIQUE (slug)
);

CREATE TABLE memberships (
  tenant_id   VARCHAR(36) NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id     VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role        VARCHAR(16) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX ix_memberships_user ON memberships (user_id);

-- A login session: the family of refresh tokens that rotate from one login.
CREATE TABLE auth_sessions (
  id              VARCHAR(36) PRIMARY KEY,
  user_id         VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id       VARCHAR(36) NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked_at      TIMESTAMP WITH TIME ZONE,
  revoked_reason  VARCHAR(32)
);
CREATE INDEX ix_auth_sessions_user ON auth_sessions (user_id);

CREATE TABLE refresh_tokens (
  token_hash  VARCHAR(64) PRIMARY KEY,
  session_id  VARCHAR(36) NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_refresh_tokens_session ON refresh_tokens (session_id);

-- ES256 signing keys for access tokens; the private part is encrypted with the master key.
CREATE TABLE signing_keys (
  kid           VARCHAR(64)   PRIMARY KEY,
  private_jwk   VARCHAR(4000) NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  retired_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE api_keys (
  id            VARCHAR(36)  PRIMARY KEY,
  tenant_id     VARCHAR(36)  NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id       VARCHAR(36)  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name          VARCHAR(100) NOT NULL,
  prefix        VARCHAR(32)  NOT NULL,
  secret_hash   VARCHAR(64)  NOT NULL,
  mode          VARCHAR(8)   NOT NULL,
  role          VARCHAR(16)  NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at    TIMESTAMP WITH TIME ZONE,
  last_used_at  TIMESTAMP WITH TIME ZONE,
  revoked_at    TIMESTAMP WITH TIME ZONE,
  CONSTRAINT uq_api_keys_prefix UNIQUE (prefix)
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE projects (
  id           VARCHAR(36)   PRIMARY KEY,
  tenant_id    VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name         VARCHAR(200)  NOT NULL,
  slug         VARCHAR(64)   NOT NULL,
  description  VARCHAR(4000),
  created_by   VARCHAR(36),
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_projects_tenant_slug UNIQUE (tenant_id, slug)
);
CREATE INDEX ix_projects_tenant_created ON projects (tenant_id, created_at);

CREATE TABLE project_secrets (
  id           VARCHAR(36)    PRIMARY KEY,
  tenant_id    VARCHAR(36)    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  project_id   VARCHAR(36)    NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name         VARCHAR(128)   NOT NULL,
  value_enc    VARCHAR(20000) NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_project_secrets_name UNIQUE (project_id, name)
);
CREATE INDEX ix_project_secrets_tenant ON project_secrets (tenant_id);

CREATE TABLE audit_events (
  id           VARCHAR(36)   PRIMARY KEY,
  tenant_id    VARCHAR(36),
  actor_id     VARCHAR(36),
  actor_email  VARCHAR(254),
  action       VARCHAR(64)   NOT NULL,
  target_type  VARCHAR(32),
  target_id    VARCHAR(64),
  ip           VARCHAR(64),
  detail       VARCHAR(2000),
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_audit_events_tenant_created ON audit_events (tenant_id, created_at);

-- Idempotency-Key records: one per principal and key; the response is kept for 24 hours.
CREATE TABLE idempotency_records (
  principal     VARCHAR(80)    NOT NULL,
  idem_key      VARCHAR(255)   NOT NULL,
  request_hash  VARCHAR(64)    NOT NULL,
  state         VARCHAR(16)    NOT NULL,
  status        INTEGER,
  content_type  VARCHAR(100),
  location      VARCHAR(2000),
  body          VARCHAR(1000000),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (principal, idem_key)
);
CREATE INDEX ix_idempotency_created ON idempotency_records (created_at);
