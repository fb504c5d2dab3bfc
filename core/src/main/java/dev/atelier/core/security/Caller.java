package dev.atelier.core.security;

import dev.atelier.core.api.ApiException;
import jakarta.enterprise.context.RequestScoped;

/** The request's caller and address, set by {@link AuthenticationFilter}. */
@RequestScoped
public class Caller {

  private Principal principal;
  private String ip;

  public Principal principal() {
    if (principal == null) {
      throw ApiException.unauthorized("Authentication is required.");
    }
    return principal;
  }

  public boolean isAuthenticated() {
    return principal != null;
  }

  void authenticate(Principal principal) {
    this.principal = principal;
  }

  public String ip() {
    return ip;
  }

  void ip(String ip) {
    this.ip = ip;
  }

  public String tenantId() {
    return principal().tenantId();
  }

  public String userId() {
    return principal().userId();
  }
}
