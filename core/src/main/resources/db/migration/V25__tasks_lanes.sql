-- Task lanes (ADR 0030): a queued task of a lane is claimed only when no other unfinished task of
-- its lane and project comes first. This index finds a project's unfinished tasks without reading
-- its finished ones. Same SQL on H2 and PostgreSQL.
CREATE INDEX ix_tasks_project_status ON tasks (project_id, status);
