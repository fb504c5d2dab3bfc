/**
 * The {@code vercel} deployment target: Vercel's REST API in its wire format ({@code POST
 * /v2/files} with {@code x-vercel-digest}, {@code POST /v13/deployments} with the files' SHA-1s,
 * the {@code missing_files} it names uploaded and the deployment created again, {@code GET
 * /v13/deployments/{id}} polled for its {@code readyState}).
 */
package dev.atelier.plugins.deploy.vercel;
