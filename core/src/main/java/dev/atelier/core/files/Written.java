package dev.atelier.core.files;

/**
 * What a write or a folder creation did.
 *
 * @param entry the file or folder as it is now
 * @param etag the file's new entity tag; null for a folder
 * @param created whether it did not exist before
 */
public record Written(FileEntry entry, String etag, boolean created) {}
