package dev.atelier.plugin.api.model;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * A model provider (OpenAI-compatible, Anthropic, ...): answers chat completions with streaming and
 * tool calls. An agent names a model as {@code <provider id>:<model>}. Credentials are the
 * tenant's, given per call; the provider keeps no tenant state.
 *
 * @since 1.0.0
 */
public interface ModelProvider extends ExtensionPoint {

  /** The provider id, e.g. {@code openai}: lowercase letters, digits and dashes. */
  String id();

  /** A name for people, e.g. {@code OpenAI-compatible}. */
  String displayName();

  /** Whether a base URL may (or must) be given with the credentials. */
  default boolean acceptsBaseUrl() {
    return false;
  }

  /** The models the credentials can use, when the provider can list them. */
  List<String> models(ModelCredentials credentials) throws ModelException;

  /**
   * One model call. Text and tool calls are passed to {@code stream} as they arrive; the returned
   * response holds the whole message and the token usage.
   */
  ModelResponse complete(ModelCredentials credentials, ModelRequest request, StreamHandler stream)
      throws ModelException;
}
