/**
 * The limits a workspace's plan puts on what it may hold (projects, agents, members, API keys) and
 * on how many runs it may start a day. Services that create such things ask {@link
 * dev.atelier.core.limits.PlanLimits} in the unit of work that creates them; metering answers.
 */
package dev.atelier.core.limits;
