package dev.atelier.core.projects;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A project as the API shows it. */
public record ProjectView(
    String id,
    String name,
    String slug,
    @Schema(nullable = true) String description,
    String createdBy,
    Instant createdAt,
    Instant updatedAt) {

  static ProjectView of(Project p) {
    return new ProjectView(
        p.id(), p.name(), p.slug(), p.description(), p.createdBy(), p.createdAt(), p.updatedAt());
  }
}
