/** Projects of a workspace and their encrypted, write-only secrets. */
package dev.atelier.core.projects;
