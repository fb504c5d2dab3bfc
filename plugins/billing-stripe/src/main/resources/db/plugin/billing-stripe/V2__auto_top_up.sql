-- Automatic top-up: when a workspace's balance falls below the threshold, a credit package is paid
-- off-session with the customer's saved card. top_ups counts the top-ups settled so far, which
-- names the next one's idempotency key; top_up_started marks one in flight.
ALTER TABLE stripe_accounts ADD COLUMN auto_top_up BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stripe_accounts ADD COLUMN top_up_threshold BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stripe_accounts ADD COLUMN top_up_package VARCHAR(64);
ALTER TABLE stripe_accounts ADD COLUMN top_ups BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stripe_accounts ADD COLUMN top_up_started TIMESTAMP WITH TIME ZONE;
ALTER TABLE stripe_accounts ADD COLUMN top_up_error VARCHAR(500);
