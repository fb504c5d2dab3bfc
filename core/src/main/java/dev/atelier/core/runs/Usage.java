package dev.atelier.core.runs;

import java.time.LocalDate;
import java.util.List;

/** The usage from {@code from} to {@code to} (UTC days, both included). */
public record Usage(
    LocalDate from, LocalDate to, String groupBy, UsageLine total, List<UsageLine> items) {}
