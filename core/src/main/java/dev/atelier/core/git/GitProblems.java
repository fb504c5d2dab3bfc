package dev.atelier.core.git;

import dev.atelier.core.api.ApiException;
import dev.atelier.core.files.RuleBreach;
import dev.atelier.core.tasks.TaskFailure;
import dev.atelier.plugin.api.web.ProblemException;
import java.util.List;

/** The error answers of git in projects, each with its stable code. */
final class GitProblems {

  private GitProblems() {}

  /** 404 {@code repository_not_found}: the project's files are not a git repository. */
  static ProblemException noRepository() {
    return new ApiException(
        404,
        "repository_not_found",
        "Not found",
        "The project's files are not a git repository: init or clone one first.");
  }

  /** 409 {@code repository_exists}. */
  static ProblemException exists() {
    return ApiException.conflict(
        "repository_exists", "The project's files are already a git repository.");
  }

  /** 409 {@code files_not_empty}: a clone needs a project without files. */
  static ProblemException notEmpty() {
    return ApiException.conflict(
        "files_not_empty", "A repository is cloned into a project without files.");
  }

  /** 409 {@code git_task_in_progress}. */
  static ProblemException busy() {
    return ApiException.conflict(
        "git_task_in_progress",
        "A clone, push, pull or agent change of this project is still running; follow its task"
            + " first.");
  }

  /** 409 {@code nothing_to_commit}. */
  static ProblemException nothingToCommit() {
    return ApiException.conflict("nothing_to_commit", "No change to commit.");
  }

  /** 404 {@code branch_not_found}. */
  static ProblemException noBranch(String branch) {
    return new ApiException(
        404, "branch_not_found", "Not found", "There is no branch " + branch + ".");
  }

  /** 409 {@code branch_exists}. */
  static ProblemException branchExists(String branch) {
    return ApiException.conflict("branch_exists", "Branch " + branch + " exists already.");
  }

  /** 409 {@code no_commits}: the repository has no commit yet. */
  static ProblemException noCommits() {
    return ApiException.conflict(
        "no_commits", "The repository has no commit yet: commit something first.");
  }

  /** 409 {@code checkout_conflict}: changed files would be overwritten. */
  static TaskFailure checkoutConflict(List<String> paths) {
    return new TaskFailure(
        409,
        "checkout_conflict",
        "Conflict",
        "Uncommitted changes would be overwritten: commit them first.",
        paths);
  }

  /** 409 {@code uncommitted_changes}: a pull needs a clean work tree. */
  static TaskFailure uncommitted(List<String> paths) {
    return new TaskFailure(
        409,
        "uncommitted_changes",
        "Conflict",
        "The project has uncommitted changes: commit them before pulling.",
        paths);
  }

  /** 409 {@code merge_conflict}: the pull was undone, the files are as they were. */
  static TaskFailure mergeConflict(List<String> paths) {
    return new TaskFailure(
        409,
        "merge_conflict",
        "Merge conflict",
        "The remote's changes conflict with the project's in "
            + paths.size()
            + (paths.size() == 1 ? " file" : " files")
            + "; the pull was undone and the files are as they were.",
        paths);
  }

  /** 409 {@code push_rejected}: the remote has commits this branch lacks. */
  static TaskFailure pushRejected(String detail) {
    return new TaskFailure(409, "push_rejected", "Conflict", detail, List.of());
  }

  /** What breaks the files rules, as a task failure. */
  static TaskFailure breach(RuleBreach b, String what) {
    int status = "invalid_path".equals(b.code()) ? 422 : 413;
    return new TaskFailure(status, b.code(), "Files rules", what + b.detail(), b.paths());
  }

  /** 413 {@code clone_too_large} / 504 {@code git_timeout}: a transfer passed its limits. */
  static TaskFailure limit(TransferLimits.Reason reason, long maxBytes, long seconds) {
    return reason == TransferLimits.Reason.SIZE
        ? new TaskFailure(
            413,
            "transfer_too_large",
            "Too large",
            "The transfer would download more than " + maxBytes + " bytes.",
            List.of())
        : new TaskFailure(
            504,
            "git_timeout",
            "Timeout",
            "The transfer took longer than " + seconds + " seconds.",
            List.of());
  }

  /** 403 {@code git_auth_failed} or 502 {@code git_remote_failed}: the remote refused or failed. */
  static TaskFailure remote(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("not authorized")
        || lower.contains("authentication")
        || lower.contains("401")
        || lower.contains("403")) {
      return new TaskFailure(
          403,
          "git_auth_failed",
          "Authentication failed",
          "The remote refused the credentials: " + message,
          List.of());
    }
    return new TaskFailure(
        502, "git_remote_failed", "Remote failed", "The remote failed: " + message, List.of());
  }
}
