/**
 * The {@code gitlab} git provider: GitLab.com or a self-managed GitLab in its REST API v4 and OAuth
 * wire formats through the JDK's {@code HttpClient} ({@link
 * dev.atelier.plugin.api.git.GitHostHttp}), JSON through Jakarta JSON Processing. {@link
 * dev.atelier.plugins.git.gitlab.GitLabProvider} is the extension.
 */
package dev.atelier.plugins.git.gitlab;
