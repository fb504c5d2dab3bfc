package dev.atelier.core.accounts.providers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where to send the browser to link a provider. */
public record AuthorizeUrl(
    @Schema(description = "The provider's authorization URL, with state, nonce and PKCE S256")
        String authorizeUrl) {}
