package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Debian's device tree compiler (package device-tree-compiler), the reference the FDT code is checked against. */
final class Dtc {
    static final String PACKAGE = "device-tree-compiler";

    private Dtc() {
    }

    /** {@code dtc -I dtb -O dts} of a file: the tree as source, warnings suppressed. */
    static String dts(Path dtb) {
        return HostCommand.of("dtc", "-q", "-I", "dtb", "-O", "dts", "-o", "-", dtb.toString())
                .providedBy(PACKAGE).timeout(Duration.ofMinutes(1)).runChecked().stdout();
    }

    /** {@code dtc -I dtb -O dts} of a blob. */
    static String dts(byte[] dtb) {
        Path file = temporary(dtb);
        try {
            return dts(file);
        } finally {
            delete(file);
        }
    }

    /** {@code fdtdump} of a blob: the header fields as comments, then the tree. */
    static String fdtdump(byte[] dtb) {
        Path file = temporary(dtb);
        try {
            return HostCommand.of("fdtdump", file.toString()).providedBy(PACKAGE).timeout(Duration.ofMinutes(1)).runChecked().stdout();
        } finally {
            delete(file);
        }
    }

    /** {@code dtc -I dts -O dtb} of source text. */
    static byte[] compile(String dts) {
        try {
            Path source = Files.createTempFile("hil-boot-", ".dts");
            Path blob = Files.createTempFile("hil-boot-", ".dtb");
            try {
                Files.writeString(source, dts);
                HostCommand.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", blob.toString(), source.toString())
                        .providedBy(PACKAGE).timeout(Duration.ofMinutes(1)).runChecked();
                return Files.readAllBytes(blob);
            } finally {
                Files.deleteIfExists(source);
                Files.deleteIfExists(blob);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporary(byte[] dtb) {
        try {
            Path file = Files.createTempFile("hil-boot-", ".dtb");
            Files.write(file, dtb);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file; the OS cleans /tmp
        }
    }
}
