package dev.atelier.core.platform;

import java.util.List;

public record ServerConfig(
    String version, List<String> authMethods, boolean registrationEnabled, List<String> features) {}
