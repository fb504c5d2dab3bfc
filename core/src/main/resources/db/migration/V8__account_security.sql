-- Account security: the mail queue, e-mail verification and password reset. Same SQL on H2 (2.x)
-- and PostgreSQL.

-- A mail waiting to be sent, or sent. The outbox carries the mail's id (event mail.queued) to the
-- mail sender, which retries while the SMTP server is away; the subject and bodies are encrypted
-- with the master key (they carry one-time links) and cleared once the mail is sent.
CREATE TABLE mail_queue (
  id          VARCHAR(36)              PRIMARY KEY,
  template    VARCHAR(64)              NOT NULL,
  to_address  VARCHAR(254)             NOT NULL,
  content     VARCHAR(100000),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  sent_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_mail_queue_created ON mail_queue (created_at);

-- Whether the account's address was confirmed through a verification mail. Accounts from before
-- this version are unverified; superusers (set by the operator) count as verified.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE users SET email_verified = TRUE WHERE superuser = TRUE;

-- One-time tokens sent by mail: e-mail verification (for the address it was sent to) and password
-- reset. Only a keyed hash of the token is kept; a token is used once, before it expires.
CREATE TABLE account_tokens (
  token_hash  VARCHAR(64)              PRIMARY KEY,
  purpose     VARCHAR(16)              NOT NULL,
  user_id     VARCHAR(36)              NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  email       VARCHAR(254)             NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_account_tokens_user ON account_tokens (user_id, purpose);
