package dev.atelier.core.accounts;

/** The current code of the authenticator, confirming an enrolment. */
public record ConfirmTotp(String code) {}
