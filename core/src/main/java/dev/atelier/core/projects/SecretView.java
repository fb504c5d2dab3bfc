package dev.atelier.core.projects;

import java.time.Instant;

/** A project secret as the API shows it: its name, never its value. */
public record SecretView(String name, Instant createdAt, Instant updatedAt) {}
