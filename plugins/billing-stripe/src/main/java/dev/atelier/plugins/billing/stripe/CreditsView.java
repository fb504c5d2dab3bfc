package dev.atelier.plugins.billing.stripe;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The workspace's credits. */
public record CreditsView(
    @Schema(description = "Credits left (below zero only on a plan with overage)") long balance,
    @Schema(description = "Credits the plan grants each paid period") long monthlyAllowance,
    @Schema(description = "Credits bought in all") long purchased,
    @Schema(description = "The workspace's plan") String plan,
    @Schema(description = "Whether runs go on below zero credits") boolean overage,
    @Schema(description = "The credit packages on sale") List<PackageView> packages) {}
