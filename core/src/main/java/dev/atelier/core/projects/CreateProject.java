package dev.atelier.core.projects;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A new project; the slug is derived from the name when absent. With {@code base}, the project
 * starts from that project template (a marketplace base): its files and agents.
 */
public record CreateProject(
    String name,
    String slug,
    String description,
    @Schema(
            description =
                "A base (project template) to start from: a marketplace base id or slug,"
                    + " optionally slug@version (default the latest)",
            nullable = true)
        String base) {}
