package dev.atelier.core.deployments;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A provider token to store for the workspace. */
@Schema(
    description = "A deployment provider's token, checked against the provider before it is stored")
public record CreateCredential(
    @Schema(description = "The provider: vercel, netlify or cloudflare (a deployment plugin's id)")
        String provider,
    @Schema(description = "The provider's API token; never returned", writeOnly = true)
        String token,
    @Schema(
            description =
                "Vercel: a team id (optional); Netlify: the site id; Cloudflare: account_id/project_name")
        String account) {

  @Override
  public String toString() {
    return "CreateCredential[provider=" + provider + ", account=" + account + "]";
  }
}
