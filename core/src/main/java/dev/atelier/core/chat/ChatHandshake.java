package dev.atelier.core.chat;

import dev.atelier.core.security.Credentials;
import dev.atelier.core.security.Principal;

/**
 * What {@link ChatSocketFilter} established before a chat WebSocket was opened, handed to {@link
 * ChatSocket} as the session's user principal: the caller's credential and principal, the chat, and
 * the turn to follow at once ({@code runId}, else the one in progress) after event number {@code
 * after}.
 */
record ChatHandshake(
    Credentials.Verified credential, Principal principal, String chatId, String runId, long after)
    implements java.security.Principal {

  @Override
  public String getName() {
    return principal.userId();
  }

  @Override
  public String toString() {
    return "chat " + chatId + " for user " + principal.userId(); // never the credential
  }
}
