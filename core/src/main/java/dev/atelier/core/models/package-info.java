/**
 * Models: the gateway through which the core calls a tenant's model providers, and the endpoints
 * where tenant admins set the providers' credentials. Providers are plugins' {@link
 * dev.atelier.plugin.api.model.ModelProvider} extensions; a model is named {@code
 * <provider>:<model>} ({@link dev.atelier.core.models.ModelId}). {@link
 * dev.atelier.core.models.ModelGateway} finds the provider, reads the tenant's credentials from the
 * owning plugin's secret store ({@link dev.atelier.core.models.ModelProviders}), calls it in a
 * plugin session, retries what may succeed later ({@link dev.atelier.core.models.RetryingCall}
 * under a {@link dev.atelier.core.models.RetryPolicy}), turns failures into problems ({@link
 * dev.atelier.core.models.ModelProblems}) and prices the tokens ({@link
 * dev.atelier.core.models.ModelPrices}).
 */
package dev.atelier.core.models;
