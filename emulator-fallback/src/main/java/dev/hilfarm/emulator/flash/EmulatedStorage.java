package dev.hilfarm.emulator.flash;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.emulator.machine.VexpressLayout;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The storage of one emulated board, kept in a directory so that it outlives a run as a real
 * board's storage does: {@code sd.img} (the card in the MMC slot) and, on boards with NOR flash,
 * {@code flash0.img} and {@code flash1.img}. Missing files are made blank (a card of zeros,
 * flash erased to 0xff). Flashing protocols write it through {@link #regions()}; the emulated
 * board boots from the same files.
 */
public record EmulatedStorage(Path directory, Path sdCard, List<Path> flashBanks) {
    /** The card size made when the directory has none: a power of two, as the SD model wants. */
    public static final long DEFAULT_SD_BYTES = 64L << 20;

    public EmulatedStorage {
        flashBanks = List.copyOf(flashBanks);
    }

    /** Opens (making what is missing) the storage of {@code board} in {@code directory}. */
    public static EmulatedStorage open(BoardProfile board, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path sd = directory.resolve("sd.img");
        if (!Files.exists(sd)) {
            blank(sd, DEFAULT_SD_BYTES, (byte) 0);
        }
        List<Path> banks = new ArrayList<>();
        Optional<VexpressLayout> layout = VexpressLayout.forBoard(board.name());
        if (layout.isPresent()) {
            for (int bank = 0; bank < 2; bank++) {
                Path file = directory.resolve("flash" + bank + ".img");
                if (!Files.exists(file)) {
                    blank(file, layout.get().flashSize(), (byte) 0xff);
                }
                banks.add(file);
            }
        }
        return new EmulatedStorage(directory, sd, banks);
    }

    /** What fastboot and DFU write: {@code sd} (the whole card), {@code flash0}, {@code flash1}. */
    public List<StorageRegion> regions() throws IOException {
        List<StorageRegion> regions = new ArrayList<>();
        regions.add(new StorageRegion("sd", sdCard, 0, Files.size(sdCard)));
        for (int i = 0; i < flashBanks.size(); i++) {
            regions.add(new StorageRegion("flash" + i, flashBanks.get(i), 0, Files.size(flashBanks.get(i))));
        }
        return regions;
    }

    private static void blank(Path file, long size, byte fill) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (RandomAccessFile f = new RandomAccessFile(partial.toFile(), "rw")) {
            f.setLength(size);
            if (fill != 0) {
                byte[] chunk = new byte[1 << 20];
                java.util.Arrays.fill(chunk, fill);
                for (long at = 0; at < size; at += chunk.length) {
                    f.write(chunk, 0, (int) Math.min(chunk.length, size - at));
                }
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
