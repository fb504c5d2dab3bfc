package dev.atelier.core.accounts.providers;

/** A one-time sign-in code, from the redirect that ended a provider sign-in. */
public record ExchangeRequest(String code) {}
