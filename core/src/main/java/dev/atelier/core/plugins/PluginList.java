package dev.atelier.core.plugins;

import java.util.List;

/** Every plugin found at start-up, with the plugin API version of this server. */
public record PluginList(String pluginApiVersion, List<PluginView> items) {}
