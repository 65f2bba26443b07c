package dev.hilfarm.harness.farm.inventory;

import java.nio.file.Path;
import java.util.List;

/** A lab host's boards, read from its inventory file by {@link InventoryParser}. */
public record Inventory(Path file, List<PoolBoard> boards) {
    public Inventory {
        boards = List.copyOf(boards);
    }
}
