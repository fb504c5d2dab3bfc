package dev.atelier.core.plugins;

/** Where a plugin stands after start-up, as {@code GET /admin/plugins} shows it. */
public enum PluginState {
  /** Loaded, migrated and started: its routes, providers, tools and listeners work. */
  STARTED,
  /** Loaded but switched off by the operator ({@code atelier.plugins.disabled}). */
  DISABLED,
  /** Could not be loaded or started; the error says why. */
  FAILED,
  /** Its {@code Plugin-Requires} range does not admit this server's plugin API version. */
  INCOMPATIBLE
}
