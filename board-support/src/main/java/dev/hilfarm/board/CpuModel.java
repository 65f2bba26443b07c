package dev.hilfarm.board;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CPU cores hilfarm supports, with the identity a kernel reads from them. The part number is
 * what Linux prints as "CPU part" in /proc/cpuinfo; the MIDR is what the emulator must answer.
 */
public enum CpuModel {
    CORTEX_A8("cortex-a8", 0x410fc080, 0xc08),
    CORTEX_A9("cortex-a9", 0x410fc090, 0xc09);

    private final String id;
    private final int midr;
    private final int partNumber;

    CpuModel(String id, int midr, int partNumber) {
        this.id = id;
        this.midr = midr;
        this.partNumber = partNumber;
    }

    /** The name used in profiles and by QEMU's -cpu option. */
    public String id() {
        return id;
    }

    public int midr() {
        return midr;
    }

    public int partNumber() {
        return partNumber;
    }

    public static Optional<CpuModel> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }
}
