package dev.atelier.plugin.api.model;

/**
 * A tenant's credentials for one provider: the API key and, where the provider accepts one, the
 * base URL (already checked against the outbound guard).
 *
 * @since 1.0.0
 */
public record ModelCredentials(String apiKey, String baseUrl) {

  @Override
  public String toString() {
    return "ModelCredentials[apiKey=***, baseUrl=" + baseUrl + "]";
  }
}
