package dev.atelier.core.files;

public record CreateDirectory(String path) {}
