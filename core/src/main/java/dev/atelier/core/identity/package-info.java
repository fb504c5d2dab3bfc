/** Users and sign-in: registration, login, refresh-token rotation, logout, the own account. */
package dev.atelier.core.identity;
