/**
 * Git hosts: each user's connections to the hosts the git provider plugins offer (OAuth with PKCE
 * or a token, tokens sealed with the master key and refreshed before they expire), and their
 * repositories.
 */
package dev.atelier.core.gitproviders;
