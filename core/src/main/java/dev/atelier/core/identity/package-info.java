/**
 * Users and their sessions: the user record, refresh-token sessions, the password policy. Sign-up,
 * sign-in and the own account, which also involve workspaces, are in {@code accounts}.
 */
package dev.atelier.core.identity;
