package dev.atelier.core.accounts;

/**
 * Fields to change; absent fields stay. A new password needs the current one and ends every other
 * session.
 */
public record UpdateMe(String name, String email, String password, String currentPassword) {}
