/**
 * The {@code netlify} deployment target: Netlify's file digest deploy API in its wire format
 * ({@code POST /api/v1/sites/{site_id}/deploys} with the files' SHA-1s, the {@code required} ones
 * uploaded with {@code PUT /api/v1/deploys/{deploy_id}/files/{path}}, {@code GET
 * /api/v1/deploys/{deploy_id}} polled for its {@code state}).
 */
package dev.atelier.plugins.deploy.netlify;
