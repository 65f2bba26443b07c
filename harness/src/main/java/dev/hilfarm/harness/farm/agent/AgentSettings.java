package dev.hilfarm.harness.farm.agent;

import java.time.Duration;

/**
 * How an agent holds its claims.
 *
 * @param leaseTtl        how long a claim lives without a heartbeat; heartbeats come every third of it
 * @param poll            how long an idle board waits before asking for work again
 * @param quarantineAfter consecutive infrastructure failures that quarantine a board
 * @param placement       how long a queued job may wait for a board that can take it to show up
 *                        before an agent closes it as unplaceable
 */
public record AgentSettings(Duration leaseTtl, Duration poll, int quarantineAfter, Duration placement) {
    public static final AgentSettings DEFAULT = new AgentSettings(Duration.ofSeconds(30), Duration.ofMillis(500), 3,
            Duration.ofMinutes(10));

    public AgentSettings(Duration leaseTtl, Duration poll, int quarantineAfter) {
        this(leaseTtl, poll, quarantineAfter, DEFAULT.placement());
    }
}
