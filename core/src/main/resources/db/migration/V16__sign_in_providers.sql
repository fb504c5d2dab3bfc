-- Sign-in with GitHub, Google and OIDC providers: the identities linked to accounts (one account
-- per provider subject) and the short-lived, single-use values of a sign-in in progress: the
-- `state` of an authorization request (with its nonce, PKCE verifier and where to send the browser
-- back) and the one-time code a client trades for the sign-in answer. Values are kept as keyed
-- hashes. Same SQL on H2 (2.x) and PostgreSQL.
CREATE TABLE user_identities (
  id            VARCHAR(36)              PRIMARY KEY,
  user_id       VARCHAR(36)              NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider      VARCHAR(64)              NOT NULL,
  subject       VARCHAR(255)             NOT NULL,
  email         VARCHAR(254),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  last_sign_in  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT uq_user_identities_subject UNIQUE (provider, subject)
);
CREATE INDEX ix_user_identities_user ON user_identities (user_id);

CREATE TABLE sign_in_states (
  value_hash    VARCHAR(64)              PRIMARY KEY,
  kind          VARCHAR(16)              NOT NULL,
  provider      VARCHAR(64)              NOT NULL,
  nonce         VARCHAR(128),
  code_verifier VARCHAR(128),
  redirect_uri  VARCHAR(2000),
  user_id       VARCHAR(36)              REFERENCES users (id) ON DELETE CASCADE,
  tenant_id     VARCHAR(36),
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at       TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_sign_in_states_expiry ON sign_in_states (expires_at);
