/** API keys: creation (shown once), listing, revocation; the keyed hash is all that is stored. */
package dev.atelier.core.apikeys;
