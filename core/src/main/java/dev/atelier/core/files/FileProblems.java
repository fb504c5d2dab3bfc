package dev.atelier.core.files;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.api.BodyLimitFilter;
import dev.atelier.plugin.api.web.FieldError;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.List;
import java.util.Map;

/** The error answers of project files, each with its stable code. */
public final class FileProblems {

  private FileProblems() {}

  /** 422 {@code invalid_path}: {@code field} is not an acceptable path. */
  static ProblemException invalidPath(String field, String message) {
    return new ApiException(
        422,
        "invalid_path",
        "Invalid path",
        field + ": " + message,
        List.of(new FieldError(field, message)),
        Map.of());
  }

  /** 413 {@code file_too_large}. */
  public static ProblemException tooLarge(long max) {
    return BodyLimitFilter.fileTooLarge(max);
  }

  /** 409 {@code file_too_large}: a file above the limit (put there by other means) is not read. */
  static ProblemException tooLargeToRead(String path, long max) {
    return ApiException.conflict(
        "file_too_large",
        "'" + path + "' is larger than the limit of " + max + " bytes and cannot be read here.");
  }

  /** 409 {@code project_quota_exceeded}. */
  static ProblemException quotaExceeded(String detail) {
    return ApiException.conflict("project_quota_exceeded", detail);
  }

  /** 409 {@code file_exists}. */
  static ProblemException exists(String path) {
    return ApiException.conflict("file_exists", "'" + path + "' already exists.");
  }

  /** 409 {@code directory_not_empty}. */
  static ProblemException notEmpty(String path) {
    return ApiException.conflict(
        "directory_not_empty",
        "The folder '" + path + "' is not empty; delete it with recursive=true.");
  }

  /** 409 {@code not_a_directory}: {@code path}, or one of its parents, is a file. */
  static ProblemException notADirectory(String path) {
    return ApiException.conflict(
        "not_a_directory", "'" + path + "' is a file where a folder is expected.");
  }

  /** 409 {@code is_a_directory}. */
  static ProblemException isADirectory(String path) {
    return ApiException.conflict(
        "is_a_directory", "'" + path + "' is a folder where a file is expected.");
  }

  /** 412 {@code precondition_failed}: the file changed since the client read it. */
  static ProblemException preconditionFailed(String path) {
    return new ApiException(
        412,
        "precondition_failed",
        "Precondition failed",
        "'" + path + "' does not match the If-Match or If-None-Match condition.");
  }

  /** 404 {@code not_found}. */
  static ProblemException notFound(String path) {
    return ApiException.notFound("'" + path + "'");
  }
}
