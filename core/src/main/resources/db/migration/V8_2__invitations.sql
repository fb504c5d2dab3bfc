-- Invitations to a workspace, instead of adding registered users without their consent: an
-- invitation goes to any address by mail and is accepted by the account of that address (or by
-- registering it). The token is kept as a keyed hash. Same SQL on H2 (2.x) and PostgreSQL.
CREATE TABLE invitations (
  id          VARCHAR(36)              PRIMARY KEY,
  tenant_id   VARCHAR(36)              NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  email       VARCHAR(254)             NOT NULL,
  role        VARCHAR(16)              NOT NULL,
  token_hash  VARCHAR(64)              NOT NULL,
  invited_by  VARCHAR(36)              REFERENCES users (id) ON DELETE SET NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  accepted_at TIMESTAMP WITH TIME ZONE,
  accepted_by VARCHAR(36)              REFERENCES users (id) ON DELETE SET NULL,
  CONSTRAINT uq_invitations_token UNIQUE (token_hash)
);
CREATE INDEX ix_invitations_tenant ON invitations (tenant_id, created_at);
