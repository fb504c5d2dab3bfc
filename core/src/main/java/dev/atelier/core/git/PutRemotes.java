package dev.atelier.core.git;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The whole set of a repository's remotes. */
@Schema(description = "The remotes a repository keeps; those not listed are removed")
public record PutRemotes(@Schema(description = "The remotes") List<RemoteView> items) {}
