/** Rate limiting: fixed-window counters, local or cluster-wide through Payara's Hazelcast. */
package dev.atelier.core.ratelimit;
