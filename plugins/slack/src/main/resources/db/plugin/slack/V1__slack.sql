-- Slack bots. The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.
-- Every table carries tenant_id, filled and filtered by the host. The bots' secrets (client
-- secret, signing secret, bot token) are not here: they are plugin secrets, encrypted by the host.

CREATE TABLE slack_apps (
  id                        VARCHAR(36)   PRIMARY KEY,
  tenant_id                 VARCHAR(36)   NOT NULL,
  name                      VARCHAR(100)  NOT NULL,
  client_id                 VARCHAR(100)  NOT NULL,
  agent_labels              VARCHAR(2000) NOT NULL,
  owner_id                  VARCHAR(36),
  status                    VARCHAR(16)   NOT NULL,
  slack_app_id              VARCHAR(32),
  team_id                   VARCHAR(32),
  team_name                 VARCHAR(255),
  bot_user_id               VARCHAR(32),
  install_state_hash        VARCHAR(64),
  install_state_expires_at  TIMESTAMP WITH TIME ZONE,
  installed_at              TIMESTAMP WITH TIME ZONE,
  created_by                VARCHAR(36),
  created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at                TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_slack_apps_name ON slack_apps (tenant_id, name);

-- Events Slack delivered, once each: Slack retries an event it thinks was not acknowledged, with
-- the same event_id; the key (the bot's id and Slack's event_id) makes a retry a no-op.
CREATE TABLE slack_events (
  id           VARCHAR(110)   PRIMARY KEY,
  tenant_id    VARCHAR(36)    NOT NULL,
  app_id       VARCHAR(36)    NOT NULL,
  event_id     VARCHAR(64)    NOT NULL,
  event_type   VARCHAR(64)    NOT NULL,
  payload      VARCHAR(65536) NOT NULL,
  status       VARCHAR(16)    NOT NULL,
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_slack_events_app ON slack_events (tenant_id, app_id, received_at);
