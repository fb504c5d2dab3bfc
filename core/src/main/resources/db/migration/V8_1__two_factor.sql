-- Two-factor sign-in: TOTP (RFC 6238) with single-use recovery codes, e-mail codes as a second
-- method, sign-in challenges, and workspaces that require a second factor. Same SQL on H2 (2.x) and
-- PostgreSQL.

-- The TOTP secret (encrypted with the master key), set at enrolment and in force once confirmed;
-- the last time step whose code was accepted (a code is accepted once).
ALTER TABLE users ADD COLUMN totp_secret VARCHAR(400);
ALTER TABLE users ADD COLUMN totp_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- Ten per confirmed enrolment, each usable once; only a keyed hash is kept.
CREATE TABLE recovery_codes (
  code_hash   VARCHAR(64)              PRIMARY KEY,
  user_id     VARCHAR(36)              NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_recovery_codes_user ON recovery_codes (user_id);

-- A password sign-in waiting for its second factor (the mfa_token, kept as a keyed hash), with the
-- workspace asked for, the e-mail code sent for it (hashed), and the wrong codes given so far.
CREATE TABLE mfa_challenges (
  token_hash       VARCHAR(64)              PRIMARY KEY,
  user_id          VARCHAR(36)              NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  tenant_id        VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  email_code_hash  VARCHAR(64),
  email_code_until TIMESTAMP WITH TIME ZONE,
  failures         INTEGER                  NOT NULL DEFAULT 0,
  used_at          TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_mfa_challenges_user ON mfa_challenges (user_id);

-- A workspace whose members must sign in with a second factor.
ALTER TABLE tenants ADD COLUMN require_2fa BOOLEAN NOT NULL DEFAULT FALSE;
