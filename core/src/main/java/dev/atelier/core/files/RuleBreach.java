package dev.atelier.core.files;

import java.util.List;

/**
 * How a project's folder, changed by something other than this API (a git checkout, clone or
 * merge), breaks the files rules: {@code code} is {@code file_too_large}, {@code
 * project_quota_exceeded} or {@code invalid_path} (a symbolic link), {@code paths} the files
 * concerned (at most 100).
 */
public record RuleBreach(String code, String detail, List<String> paths) {}
