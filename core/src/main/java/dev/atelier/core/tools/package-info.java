/**
 * The tools agents call: the catalog of built-in tools and of the tools of the plugins a tenant has
 * switched on ({@link dev.atelier.core.tools.ToolCatalog}), the checking of arguments against each
 * tool's JSON Schema, the built-in tools on a project's files (through the same {@link
 * dev.atelier.core.files.ProjectFiles} service as the HTTP API) and {@code GET /api/v1/tools}.
 */
package dev.atelier.core.tools;
