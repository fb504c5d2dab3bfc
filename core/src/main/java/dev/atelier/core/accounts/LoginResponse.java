package dev.atelier.core.accounts;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a sign-in: the session's tokens, or, when the account needs a second factor, {@code
 * mfa_required} with the {@code mfa_token} to complete it at {@code POST /api/v1/auth/2fa/verify}
 * and the methods it accepts (and no tokens).
 */
public record LoginResponse(
    @Schema(nullable = true) String accessToken,
    @Schema(nullable = true) String tokenType,
    @Schema(nullable = true) Long expiresIn,
    @Schema(nullable = true) String refreshToken,
    @Schema(nullable = true) String tenantId,
    boolean mfaRequired,
    @Schema(nullable = true) String mfaToken,
    @Schema(nullable = true) List<String> methods) {

  static LoginResponse of(Tokens t) {
    return new LoginResponse(
        t.accessToken(),
        t.tokenType(),
        t.expiresIn(),
        t.refreshToken(),
        t.tenantId(),
        false,
        null,
        null);
  }

  static LoginResponse mfa(String mfaToken, List<String> methods) {
    return new LoginResponse(null, null, null, null, null, true, mfaToken, methods);
  }
}
