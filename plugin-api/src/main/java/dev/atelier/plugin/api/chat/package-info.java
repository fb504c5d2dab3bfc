/**
 * Agents brought to chat platforms (a Slack bot): the workspace's agents by label, chat turns sent
 * on behalf of a member, and their outcomes ({@link dev.atelier.plugin.api.chat.AgentChats}, from
 * {@link dev.atelier.plugin.api.PluginSession#chats()}). A turn's end is announced by the core
 * event {@link dev.atelier.plugin.api.event.CoreEvents#RUN_FINISHED}.
 *
 * <p>{@link dev.atelier.plugin.api.Incubating Incubating}: shaped by its first plugin (Slack), so
 * it may change in any minor release while more plugins try it.
 *
 * @since 1.0.0
 */
@Incubating
package dev.atelier.plugin.api.chat;

import dev.atelier.plugin.api.Incubating;
