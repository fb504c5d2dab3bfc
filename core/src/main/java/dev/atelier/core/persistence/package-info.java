/**
 * Persistence: the connection pool, Flyway migrations, EclipseLink persistence units built in code,
 * and the units of work that bind every tenant-owned entity to the request's tenant.
 */
package dev.atelier.core.persistence;
