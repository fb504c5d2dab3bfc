/**
 * The marketplace plugin: agents and project bases published by workspaces, browsed, reviewed,
 * bought with credits and forked.
 */
package dev.atelier.plugins.marketplace;
