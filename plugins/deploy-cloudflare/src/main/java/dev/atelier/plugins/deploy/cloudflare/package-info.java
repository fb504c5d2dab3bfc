/**
 * The {@code cloudflare} deployment target: Cloudflare Pages' direct upload in its wire format (an
 * upload token, {@code check-missing}, {@code upload} in buckets, {@code upsert-hashes}, then a
 * deployment with the manifest of asset keys derived as Cloudflare's CLI derives them).
 */
package dev.atelier.plugins.deploy.cloudflare;
