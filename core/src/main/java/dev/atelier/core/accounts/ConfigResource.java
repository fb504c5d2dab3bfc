package dev.atelier.core.accounts;

import dev.atelier.core.accounts.providers.SignInProviders;
import dev.atelier.core.platform.AtelierConfig;
import dev.atelier.core.platform.Version;
import dev.atelier.core.security.PublicEndpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What an anonymous client may know about this server before signing in. */
@Path("api/v1/config")
@Produces(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Tag(
    name = "Server",
    description = "What the server offers: version, sign-in methods, public features")
public class ConfigResource {

  @Inject AtelierConfig config;
  @Inject SignInProviders providers;

  @GET
  @PublicEndpoint
  @Operation(
      summary =
          "Server version, enabled sign-in methods (provider:<id> for each sign-in provider) and"
              + " public features")
  public ServerConfig get() {
    List<String> methods = new ArrayList<>(List.of("password", "api_key"));
    providers.ids().forEach(id -> methods.add("provider:" + id));
    return new ServerConfig(Version.current(), methods, config.registrationEnabled(), List.of());
  }
}
