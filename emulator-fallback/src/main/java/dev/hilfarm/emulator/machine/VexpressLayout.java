package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.CpuModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Versatile Express board puts its devices, and which shared peripheral interrupt (SPI;
 * GIC interrupt ID = 32 + SPI) each one raises. Board profiles say where RAM and the console are
 * but not where every peripheral sits, so the per-device placement lives in this table, keyed by
 * the board's name. The addresses are the motherboard's legacy memory map with the CoreTile
 * Express A9x4, as QEMU's vexpress-a9 builds it (hw/arm/vexpress.c, motherboard_legacy_map).
 */
public record VexpressLayout(
        String board,
        CpuModel cpu,
        int privatePeripheralBase,
        int systemRegisters,
        int systemController,
        List<Integer> uarts,
        List<Integer> uartSpis,
        int timer01,
        int timer01Spi,
        int timer23,
        int timer23Spi,
        int rtc,
        int rtcSpi,
        int daughterboardTimer,
        int daughterboardTimerSpi,
        int l2CacheController,
        int flash0,
        int flash1,
        long flashSize,
        int flashAlias,
        int sram,
        long sramSize,
        int videoRam,
        long videoRamSize,
        int gicInterrupts,
        int mmci,
        List<Integer> mmciSpis) {

    public VexpressLayout {
        uarts = List.copyOf(uarts);
        uartSpis = List.copyOf(uartSpis);
        mmciSpis = List.copyOf(mmciSpis);
    }

    /** QEMU's vexpress-a9: V2M-P1 legacy map, CoreTile Express A9x4 (one CPU modelled). */
    public static final VexpressLayout VEXPRESS_A9 = new VexpressLayout(
            "vexpress-a9",
            CpuModel.CORTEX_A9,
            0x1e000000,
            0x10000000,
            0x10001000,
            List.of(0x10009000, 0x1000a000, 0x1000b000, 0x1000c000),
            List.of(5, 6, 7, 8),
            0x10011000, 2,
            0x10012000, 3,
            0x10017000, 4,
            0x100e4000, 48,
            0x1e00a000,
            0x40000000,
            0x44000000,
            64L << 20,
            0x00000000,
            0x48000000,
            32L << 20,
            0x4c000000,
            8L << 20,
            96,
            0x10005000,
            List.of(9, 10));

    private static final Map<String, VexpressLayout> BY_BOARD = Map.of(VEXPRESS_A9.board(), VEXPRESS_A9);

    /** The layout for a board profile's name, if this emulator knows the board. */
    public static Optional<VexpressLayout> forBoard(String board) {
        return Optional.ofNullable(BY_BOARD.get(board));
    }
}
