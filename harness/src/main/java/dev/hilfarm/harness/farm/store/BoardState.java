package dev.hilfarm.harness.farm.store;

/** What a pool board is doing, as the store and the live view show it. */
public enum BoardState {
    IDLE,
    LEASED,
    HEALTH_CHECK,
    /** Too many infrastructure failures in a row: no jobs until {@code hil farm board release}. */
    QUARANTINED,
    /** Its agent stopped. */
    OFFLINE
}
