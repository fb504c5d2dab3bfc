/**
 * The {@code bitbucket} git provider: Bitbucket Cloud in its REST API 2.0 and OAuth wire formats
 * through the JDK's {@code HttpClient} ({@link dev.atelier.plugin.api.git.GitHostHttp}), JSON
 * through Jakarta JSON Processing. {@link dev.atelier.plugins.git.bitbucket.BitbucketProvider} is
 * the extension.
 */
package dev.atelier.plugins.git.bitbucket;
