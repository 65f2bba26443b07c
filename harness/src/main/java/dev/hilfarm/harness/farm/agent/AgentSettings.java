package dev.hilfarm.harness.farm.agent;

import java.time.Duration;

/**
 * How an agent holds its claims.
 *
 * @param leaseTtl        how long a claim lives without a heartbeat; heartbeats come every third of it
 * @param poll            how long an idle board waits before asking for work again
 * @param quarantineAfter consecutive infrastructure failures that quarantine a board
 */
public record AgentSettings(Duration leaseTtl, Duration poll, int quarantineAfter) {
    public static final AgentSettings DEFAULT = new AgentSettings(Duration.ofSeconds(30), Duration.ofMillis(500), 3);
}
