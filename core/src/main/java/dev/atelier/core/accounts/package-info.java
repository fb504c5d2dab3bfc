/**
 * Accounts: registration (a user and their first workspace), sign-in, refresh-token rotation,
 * switching workspace, logout, the own account, and what an anonymous client may know about the
 * server before signing in.
 */
package dev.atelier.core.accounts;
