package dev.hilfarm.harness.target;

import dev.hilfarm.harness.failure.InfrastructureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * U-Boot and the storage it boots from: an SD card image for the board's MMC slot and NOR flash
 * bank images in bank order. The target writes to them, as the board writes its storage: pass
 * working copies, not the build's own files.
 */
public record UBootMedia(Path ubootElf, Optional<Path> sdCard, List<Path> flashBanks, String label) implements BootMedia {
    public UBootMedia {
        flashBanks = List.copyOf(flashBanks);
        for (Path p : concat(ubootElf, sdCard, flashBanks)) {
            if (!Files.isRegularFile(p)) {
                throw new InfrastructureException("boot image not found: " + p);
            }
        }
    }

    private static List<Path> concat(Path elf, Optional<Path> sd, List<Path> flash) {
        List<Path> all = new java.util.ArrayList<>(flash);
        all.add(elf);
        sd.ifPresent(all::add);
        return all;
    }
}
