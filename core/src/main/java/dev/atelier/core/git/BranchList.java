package dev.atelier.core.git;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The local branches of a project's repository, by name. */
@Schema(description = "The local branches of a project's repository, by name")
public record BranchList(
    @Schema(description = "The current branch") String current,
    @Schema(description = "The branches") List<BranchView> items) {}
