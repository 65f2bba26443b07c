package dev.hilfarm.emulator.boot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file handed to the loader (a dtb, an initrd): its name for messages and its bytes (not copied).
 */
public record BootFile(String name, byte[] bytes) {
    public static BootFile read(Path file) throws IOException {
        return new BootFile(file.toString(), Files.readAllBytes(file));
    }
}
