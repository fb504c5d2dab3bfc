-- Linking sign-in providers: whether the person chose the account's password. An account a
-- provider created has an unusable random one (false) and keeps linking by a verified address; an
-- account with a chosen password links a provider only while signed in. Existing accounts count as
-- having chosen theirs. Same SQL on H2 (2.x) and PostgreSQL.
ALTER TABLE users ADD COLUMN password_chosen BOOLEAN NOT NULL DEFAULT TRUE;
