/**
 * The plugin host: loads PF4J plugins from the bundled set and the plugins directory at start-up,
 * checks them against the plugin API version, runs their migrations, builds their persistence
 * units, mounts their routes and hands them their context, sessions and core services. A plugin
 * that cannot load or start is shown with its state and error; the server serves without it.
 */
package dev.atelier.core.plugins;
