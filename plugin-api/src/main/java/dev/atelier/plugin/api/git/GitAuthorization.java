package dev.atelier.plugin.api.git;

import dev.atelier.plugin.api.Incubating;

/**
 * What the host needs to start an OAuth authorization: the callback URL, an opaque {@code state} to
 * give back, and the PKCE challenge ({@code S256} of the verifier the host keeps).
 *
 * @since 1.0.0
 */
@Incubating
public record GitAuthorization(String redirectUri, String state, String codeChallenge) {}
