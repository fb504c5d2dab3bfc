package dev.atelier.core.projects;

/** A new project; the slug is derived from the name when absent. */
public record CreateProject(String name, String slug, String description) {}
