package dev.atelier.core.accounts.providers;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A sign-in provider as clients list it. */
public record ProviderView(
    @Schema(description = "The id in the provider's paths", example = "github") String id,
    @Schema(description = "The name to show on its button", example = "GitHub") String name,
    @Schema(
            description = "What it is",
            enumeration = {"github", "google", "oidc"})
        String kind) {

  static ProviderView of(SignInProvider p) {
    return new ProviderView(p.id(), p.name(), p.kind());
  }
}
