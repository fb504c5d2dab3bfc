/**
 * The files of a project, kept on disk under {@code <files dir>/<tenant id>/<project id>/}: path
 * rules (relative, normalized, never leaving the project, not even through a symbolic link), limits
 * per file and per project, atomic writes, and the HTTP API over them. Agents' file tools ({@code
 * dev.atelier.core.tools}) go through the same {@link dev.atelier.core.files.ProjectFiles} service.
 */
package dev.atelier.core.files;
