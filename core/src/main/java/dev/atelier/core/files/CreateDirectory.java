package dev.atelier.core.files;

/** The path of a folder to create with its parents. */
public record CreateDirectory(String path) {}
