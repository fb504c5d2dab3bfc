-- Slack bots. The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.
-- Every table carries tenant_id, filled and filtered by the host. The bots' secrets (client
-- secret, signing secret, bot token) are not here: they are plugin secrets, encrypted by the host.

CREATE TABLE slack_apps (
  id                        VARCHAR(36)   PRIMARY KEY,
  tenant_id                 VARCHAR(36)   NOT NULL,
  name                      VARCHAR(100)  NOT NULL,
  client_id                 VARCHAR(100)  NOT NULL,
  agent_labels              VARCHAR(2000) NOT NULL,
  project_id                VARCHAR(36)   NOT NULL,
  default_agent             VARCHAR(64),
  owner_id                  VARCHAR(36)   NOT NULL,
  status                    VARCHAR(16)   NOT NULL,
  slack_app_id              VARCHAR(32),
  team_id                   VARCHAR(32),
  team_name                 VARCHAR(255),
  bot_user_id               VARCHAR(32),
  install_state_hash        VARCHAR(64),
  install_state_expires_at  TIMESTAMP WITH TIME ZONE,
  installed_at              TIMESTAMP WITH TIME ZONE,
  token_expires_at          TIMESTAMP WITH TIME ZONE,
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
  detail       VARCHAR(500),
  run_id       VARCHAR(36),
  reply_channel VARCHAR(32),
  reply_ts     VARCHAR(32),
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_slack_events_app ON slack_events (tenant_id, app_id, received_at);
CREATE INDEX ix_slack_events_run ON slack_events (tenant_id, run_id);

-- One chat per Slack thread: the turns of a thread continue the same chat, with its history.
CREATE TABLE slack_threads (
  id          VARCHAR(36)  PRIMARY KEY,
  tenant_id   VARCHAR(36)  NOT NULL,
  app_id      VARCHAR(36)  NOT NULL,
  channel     VARCHAR(32)  NOT NULL,
  thread_ts   VARCHAR(32)  NOT NULL,
  chat_id     VARCHAR(36)  NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX ux_slack_threads ON slack_threads (tenant_id, app_id, channel, thread_ts);
