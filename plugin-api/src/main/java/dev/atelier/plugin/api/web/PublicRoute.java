package dev.atelier.plugin.api.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A route that answers without a credential: a browser coming back from a third party's OAuth
 * consent page carries no token. The host authenticates nobody for it, so there is no {@link
 * dev.atelier.plugin.api.PluginContext#session() session}: the route finds its tenant itself (from
 * a {@code state} it issued) and works in {@link
 * dev.atelier.plugin.api.PluginContext#inTenant(String, java.util.function.Function)}. The OpenAPI
 * document lists it with {@code security: []}. Everything such a route reads from the request is
 * untrusted: verify it before acting.
 *
 * @since 1.1.0
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PublicRoute {}
