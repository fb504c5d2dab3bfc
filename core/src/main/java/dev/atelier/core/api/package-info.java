/**
 * The HTTP conventions every endpoint follows: the JAX-RS application, problem+json errors, JSON
 * shape, paging, request validation, body limits and the OpenAPI document.
 */
package dev.atelier.core.api;
