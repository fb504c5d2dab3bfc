package dev.atelier.core.projects;

/** A project secret's new value. */
public record PutSecret(String value) {}
