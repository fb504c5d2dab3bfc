/** The audit trail of security-relevant actions, per workspace, for its admins. */
package dev.atelier.core.audit;
