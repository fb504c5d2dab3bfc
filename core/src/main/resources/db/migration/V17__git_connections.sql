-- Each user's connection to a git host in a workspace: the tokens sealed with the master key,
-- or, while an OAuth authorization is under way, the hash of its state and the sealed PKCE
-- verifier. version guards the refresh of the tokens (one refresher wins).
CREATE TABLE git_connections (
  id             VARCHAR(36)    PRIMARY KEY,
  tenant_id      VARCHAR(36)    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id        VARCHAR(36)    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider       VARCHAR(32)    NOT NULL,
  status         VARCHAR(16)    NOT NULL,
  state_hash     VARCHAR(128),
  verifier_enc   VARCHAR(2000),
  access_enc     VARCHAR(20000),
  refresh_enc    VARCHAR(20000),
  expires_at     TIMESTAMP WITH TIME ZONE,
  account_login  VARCHAR(200),
  version        BIGINT         NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_git_connections_user UNIQUE (tenant_id, user_id, provider)
);
CREATE INDEX ix_git_connections_state ON git_connections (state_hash);
