/**
 * The plugin host: loads PF4J plugins from the bundled set and the plugins directory at start-up,
 * checks them against the plugin API version, runs their migrations, builds their persistence
 * units, mounts their routes and hands them their context, sessions and core services. A plugin
 * that cannot load or start is shown with its state and error; the server serves without it.
 *
 * <p>{@link dev.atelier.core.plugins.PluginLifecycle} loads, starts and stops the plugins and knows
 * their states; {@link dev.atelier.core.plugins.Extensions} is how the core finds and calls the
 * extensions of the started plugins; {@link dev.atelier.core.plugins.PluginRoutes} holds the routes
 * they contribute (JAX-RS resources, described in the OpenAPI document). Core features depend on
 * the one they use; events go through {@link dev.atelier.core.events.Outbox}.
 */
package dev.atelier.core.plugins;
