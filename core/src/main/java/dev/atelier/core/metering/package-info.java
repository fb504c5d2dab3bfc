/**
 * Metering: the platform's plans, each tenant's credit account and its append-only ledger, the
 * charge of every model call and the refusal of runs once the credits are gone. Active for a tenant
 * only while a billing plugin ({@code BillingProvider}) is started and switched on for it.
 */
package dev.atelier.core.metering;
