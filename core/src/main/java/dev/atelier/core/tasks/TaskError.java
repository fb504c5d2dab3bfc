package dev.atelier.core.tasks;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Why a task failed, as the problem a request doing the same work at once would have answered.
 *
 * @param status the HTTP status of that problem (409 for a merge conflict, 422 for a refused URL)
 * @param code its stable code
 * @param title its short title
 * @param detail what happened
 * @param paths the files concerned (conflicting paths), when there are any
 */
@Schema(description = "Why a task failed: the problem a synchronous request would have answered")
public record TaskError(
    @Schema(description = "The HTTP status of the problem") int status,
    @Schema(description = "A stable code") String code,
    @Schema(description = "A short title") String title,
    @Schema(description = "What happened", nullable = true) String detail,
    @Schema(description = "The files concerned, such as conflicting paths") List<String> paths) {}
