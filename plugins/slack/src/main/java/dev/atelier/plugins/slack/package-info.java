/**
 * The Slack plugin: a workspace's Slack bots, registered by an admin ({@code configuring}),
 * installed through Slack's OAuth v2 ({@code oauth.v2.access}; the bot token kept as an encrypted
 * plugin secret; then {@code live}), and receiving Slack's Events API at {@code
 * /api/v1/webhooks/slack/events}: the {@code v0} signature verified, {@code url_verification}
 * answered, every event kept once per {@code event_id}. Routes under {@code /api/v1/slack-apps}.
 */
package dev.atelier.plugins.slack;
