/** Platform administration for superusers: users, workspaces and their limits. */
package dev.atelier.core.admin;
