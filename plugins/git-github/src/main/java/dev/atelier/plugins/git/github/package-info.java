/**
 * The {@code github} git provider: GitHub (or GitHub Enterprise Server) in its REST wire format
 * through the JDK's {@code HttpClient}, JSON through Jakarta JSON Processing. {@link
 * dev.atelier.plugins.git.github.GitHubProvider} is the extension; {@link
 * dev.atelier.plugins.git.github.GitHubApi} does the HTTP; {@link
 * dev.atelier.plugins.git.github.GitHubSignature} checks push webhooks.
 */
package dev.atelier.plugins.git.github;
