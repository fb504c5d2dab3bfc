package dev.atelier.core.files;

/** A file or folder to move, and whether to replace what is at the target. */
public record RenameFile(String from, String to, Boolean overwrite) {}
