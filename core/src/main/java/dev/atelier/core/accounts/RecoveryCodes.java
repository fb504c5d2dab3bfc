package dev.atelier.core.accounts;

import java.util.List;

/** Single-use codes that stand in for the authenticator; shown once, stored hashed. */
public record RecoveryCodes(List<String> recoveryCodes) {}
