/**
 * Deployments of a project's files to hosting providers (the plugins' {@link
 * dev.atelier.plugin.api.deploy.DeploymentTarget}s): the workspace's credentials, each deployment
 * run as a durable background task from a frozen snapshot, and its status.
 */
package dev.atelier.core.deployments;
