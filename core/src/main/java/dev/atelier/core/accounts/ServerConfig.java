package dev.atelier.core.accounts;

import java.util.List;

/** What anonymous clients may know about the server. */
public record ServerConfig(
    String version, List<String> authMethods, boolean registrationEnabled, List<String> features) {}
