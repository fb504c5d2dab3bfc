/**
 * The MCP server at {@code /mcp}: the Model Context Protocol's Streamable HTTP transport over the
 * API's own request pipeline, stateless signed sessions, and tools that call the same services as
 * the HTTP API (projects, agents, runs, project files).
 */
package dev.atelier.core.mcp;
