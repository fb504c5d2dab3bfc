package dev.atelier.core.git;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The remotes of a project's repository, by name. */
@Schema(description = "The remotes of a project's repository, by name")
public record RemoteList(@Schema(description = "The remotes") List<RemoteView> items) {}
