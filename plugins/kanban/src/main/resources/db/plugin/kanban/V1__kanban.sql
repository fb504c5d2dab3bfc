-- Kanban boards. The same script runs on H2 (2.x) and PostgreSQL: keep to their common SQL.
-- Every table carries tenant_id, filled and filtered by the host. No foreign keys to core tables:
-- a deleted project's rows are removed by the plugin's project.deleted listener.

CREATE TABLE kanban_columns (
  id          VARCHAR(36)  PRIMARY KEY,
  tenant_id   VARCHAR(36)  NOT NULL,
  project_id  VARCHAR(36)  NOT NULL,
  name        VARCHAR(100) NOT NULL,
  position    INTEGER      NOT NULL,
  wip_limit   INTEGER,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_kanban_columns_project ON kanban_columns (tenant_id, project_id, position);

CREATE TABLE kanban_tasks (
  id           VARCHAR(36)    PRIMARY KEY,
  tenant_id    VARCHAR(36)    NOT NULL,
  project_id   VARCHAR(36)    NOT NULL,
  column_id    VARCHAR(36)    NOT NULL REFERENCES kanban_columns (id),
  title        VARCHAR(200)   NOT NULL,
  description  VARCHAR(10000),
  assignee_id  VARCHAR(36),
  due_date     DATE,
  priority     VARCHAR(16)    NOT NULL,
  position     INTEGER        NOT NULL,
  created_by   VARCHAR(36),
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_kanban_tasks_project ON kanban_tasks (tenant_id, project_id, created_at);
CREATE INDEX ix_kanban_tasks_column ON kanban_tasks (tenant_id, column_id, position);

CREATE TABLE kanban_comments (
  id          VARCHAR(36)    PRIMARY KEY,
  tenant_id   VARCHAR(36)    NOT NULL,
  task_id     VARCHAR(36)    NOT NULL REFERENCES kanban_tasks (id),
  author_id   VARCHAR(36),
  body        VARCHAR(10000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_kanban_comments_task ON kanban_comments (tenant_id, task_id, created_at);
