package dev.hilfarm.harness.target;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel, device tree and initramfs a target boots directly (QEMU's -kernel, the emulator's
 * loader). {@code label} names them in reports, e.g. the Debian kernel package and version.
 */
public record LinuxImages(Path kernel, Path dtb, Path initramfs, String label) implements BootMedia {

    /**
     * The kernel command line every direct-boot backend passes: the profile's console device and
     * baud rate, and the initramfs's own /init. One definition, so QEMU and the emulator boot alike.
     */
    public static String commandLine(dev.hilfarm.board.BoardProfile board) {
        return "console=" + board.console().linuxDevice() + "," + board.console().baud() + " rdinit=/init";
    }

    public LinuxImages {
        for (Path p : new Path[] {kernel, dtb, initramfs}) {
            if (!Files.isRegularFile(p)) {
                throw new dev.hilfarm.harness.failure.InfrastructureException("image not found: " + p);
            }
        }
    }
}
