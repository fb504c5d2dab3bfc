package dev.atelier.core.accounts;

/** A request whose answer goes out by mail. */
public record MailQueued(String detail) {}
