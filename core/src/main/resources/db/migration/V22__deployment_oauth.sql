-- OAuth authorizations of deployment providers in progress (ADR 0028): the keyed hash of the
-- single-use state, for whom it was started, and until when it holds. Same SQL on H2 and PostgreSQL.
CREATE TABLE deployment_oauth_states (
  id               VARCHAR(36)   PRIMARY KEY,
  tenant_id        VARCHAR(36)   NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id          VARCHAR(36)   NOT NULL,
  provider         VARCHAR(64)   NOT NULL,
  state_hash       VARCHAR(128)  NOT NULL,
  expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_deployment_oauth_states ON deployment_oauth_states (state_hash);
CREATE INDEX ix_deployment_oauth_states_expiry ON deployment_oauth_states (expires_at);
