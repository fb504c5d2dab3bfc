/**
 * Platform plumbing: configuration keys, the data directory, the master key and the start-up
 * sequence that prepares the database before the server serves.
 */
package dev.atelier.core.platform;
