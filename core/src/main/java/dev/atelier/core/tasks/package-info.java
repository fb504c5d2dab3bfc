/**
 * Durable background tasks: rows claimed by workers on any node under a lease, handed to the {@link
 * dev.atelier.core.tasks.TaskHandler} registered for their kind (ADR 0016).
 */
package dev.atelier.core.tasks;
