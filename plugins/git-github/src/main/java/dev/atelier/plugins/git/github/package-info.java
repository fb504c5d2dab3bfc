/**
 * The {@code github} git provider: GitHub (or GitHub Enterprise Server) in its REST wire format
 * through the JDK's {@code HttpClient} ({@link dev.atelier.plugin.api.git.GitHostHttp}), JSON
 * through Jakarta JSON Processing. {@link dev.atelier.plugins.git.github.GitHubProvider} is the
 * extension; {@link dev.atelier.plugins.git.github.GitHubApi} does the HTTP; push webhooks are
 * checked with {@link dev.atelier.plugin.api.git.GitSignatures}.
 */
package dev.atelier.plugins.git.github;
