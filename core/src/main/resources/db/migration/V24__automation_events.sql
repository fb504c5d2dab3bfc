-- Automations fired by an event (git.pushed) instead of a cron schedule: exactly one of cron and
-- event_type is set. Same SQL on H2 and PostgreSQL.
ALTER TABLE automations ADD COLUMN event_type VARCHAR(64);
ALTER TABLE automations ALTER COLUMN cron DROP NOT NULL;
CREATE INDEX ix_automations_event ON automations (tenant_id, event_type, enabled);
