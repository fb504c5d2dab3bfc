/**
 * REST routes of plugins and the request-facing pieces core and plugins share: roles, problem
 * responses, validation of request bodies and paging.
 *
 * @since 1.0.0
 */
package dev.atelier.plugin.api.web;
