/**
 * Features: every plugin is a feature key. The platform sets whether a feature is on by default and
 * whether tenants may switch it; a tenant admin switches it for the tenant. Read live on every
 * request, so a switch takes effect on the next request on every node.
 */
package dev.atelier.core.features;
