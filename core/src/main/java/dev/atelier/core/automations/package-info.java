/**
 * Automations: runs of an agent on a cron schedule in a time zone. The cron expressions are read
 * and evaluated here ({@link dev.atelier.core.automations.Cron}); a timer on every node fires each
 * due time exactly once over the shared database, by claiming it and inserting the run in one
 * transaction.
 */
package dev.atelier.core.automations;
