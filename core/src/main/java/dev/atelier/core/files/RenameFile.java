package dev.atelier.core.files;

public record RenameFile(String from, String to, Boolean overwrite) {}
