/** Workspaces (tenants) and memberships with their roles; the last admin is always kept. */
package dev.atelier.core.tenancy;
