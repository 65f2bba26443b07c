package dev.hilfarm.harness.farm.inventory;

import java.util.List;

/**
 * One board of a host's pool.
 *
 * @param name    unique across the farm (the store keys boards by it)
 * @param profile the board profile, which is also the board type plans name
 * @param where   the inventory file and entry, for errors
 */
public record PoolBoard(String name, String profile, BoardKind kind, List<String> tags, String where) {
    public PoolBoard {
        tags = List.copyOf(tags);
    }
}
