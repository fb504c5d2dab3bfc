package dev.atelier.core.admin;

/** Fields a superuser may change on a user; absent fields stay. */
public record UpdateUser(Boolean disabled, Boolean superuser) {}
