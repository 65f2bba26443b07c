package dev.hilfarm.image.hypervisor;

import java.nio.file.Path;
import java.util.Map;

/**
 * A built hypervisor: the ELF (for QEMU's and the emulator's -kernel, or U-Boot's bootelf), the
 * raw binary of the same (for U-Boot's load + go at {@code loadAddress}), and where it starts.
 *
 * @param guestElfs each guest program's own ELF, linked at the guest window, for debugging
 */
public record HypervisorImage(String board, Path elf, Path binary, long loadAddress, long entry, String elfSha256,
                              Map<String, Path> guestElfs) {
    public HypervisorImage {
        guestElfs = Map.copyOf(guestElfs);
    }
}
