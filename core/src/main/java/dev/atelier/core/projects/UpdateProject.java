package dev.atelier.core.projects;

/** The fields of a project to change; absent (null) ones stay. */
public record UpdateProject(String name, String slug, String description) {}
