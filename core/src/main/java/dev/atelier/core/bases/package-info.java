/**
 * Projects made from bases: the project templates a plugin provides ({@link
 * dev.atelier.plugin.api.marketplace.ProjectTemplates}), written through the files and agents
 * rules.
 */
package dev.atelier.core.bases;
