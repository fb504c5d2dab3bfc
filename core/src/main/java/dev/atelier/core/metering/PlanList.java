package dev.atelier.core.metering;

import java.util.List;

/** The platform's plans, by key. */
public record PlanList(List<PlanView> items) {}
