package dev.atelier.core.accounts.providers;

import java.util.Map;

/**
 * Who a provider says signed in: its stable subject, the e-mail address and whether the provider
 * verified it, a display name, and every claim of the ID token and UserInfo merged (UserInfo wins,
 * except for {@code sub}).
 */
record ProviderIdentity(
    String subject, String email, boolean emailVerified, String name, Map<String, Object> claims) {}
