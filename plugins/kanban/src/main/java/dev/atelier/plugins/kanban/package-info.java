/**
 * The kanban plugin: per-project boards of ordered columns (with optional work-in-progress limits),
 * tasks that move between them, and comments on tasks. Its routes live under {@code
 * /api/v1/kanban/{project_id}}, its tables ({@code kanban_*}) are tenant-owned through the host,
 * and its rows go when their project is deleted.
 */
package dev.atelier.plugins.kanban;
