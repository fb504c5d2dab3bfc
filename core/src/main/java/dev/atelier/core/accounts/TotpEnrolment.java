package dev.atelier.core.accounts;

/**
 * A TOTP enrolment to confirm: the secret (base32), the {@code otpauth://} URI authenticator apps
 * read, and that URI as a QR code (PNG, base64).
 */
public record TotpEnrolment(String secret, String otpauthUri, String qrPngBase64) {}
