package dev.atelier.plugins.billing.stripe;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Consumption in a period, grouped. */
public record UsageList(
    @Schema(description = "day, agent or model") String groupBy, List<UsageView> items) {}
