package dev.atelier.core.gitproviders;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The git hosts the started plugins offer. */
@Schema(description = "The git hosts the started plugins offer")
public record ProviderList(@Schema(description = "The providers") List<ProviderView> items) {}
