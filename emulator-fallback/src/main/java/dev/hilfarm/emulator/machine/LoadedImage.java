package dev.hilfarm.emulator.machine;

import dev.hilfarm.emulator.bus.PhysicalBus;
import java.util.List;

/**
 * An image placed in the machine's memory: its pieces and where execution starts. The machine
 * keeps it to place it again when the guest reboots, as QEMU restores its -kernel image on reset.
 *
 * @param entry the first instruction's address; bit 0 set selects Thumb state
 */
public record LoadedImage(String name, int entry, List<Piece> pieces) {
    /** {@code data} at {@code address}, followed by {@code zeros} zero bytes. */
    public record Piece(int address, byte[] data, int offset, int length, long zeros) {
    }

    public LoadedImage {
        pieces = List.copyOf(pieces);
    }

    /** Checks every piece lands in memory, then copies it there. */
    void placeInto(PhysicalBus bus) {
        for (Piece piece : pieces) {
            long total = piece.length() + piece.zeros();
            if (!bus.isMemory(piece.address(), total)) {
                throw new InvalidImageException(outsideMemory(bus, piece.address(), total));
            }
        }
        for (Piece piece : pieces) {
            bus.load(piece.address(), piece.data(), piece.offset(), piece.length());
            bus.zero(piece.address() + piece.length(), piece.zeros());
        }
    }

    private String outsideMemory(PhysicalBus bus, int address, long length) {
        long start = address & 0xffffffffL;
        for (long a = start; a < start + length; a = (a | (PhysicalBus.PAGE_SIZE - 1)) + 1) {
            if (a > 0xffffffffL || bus.memoryAt((int) a) == null) {
                long at = Math.max(a, start);
                String what = at > 0xffffffffL ? "beyond the 4 GiB address space" : bus.describe((int) at);
                return String.format("%s: 0x%x bytes at 0x%08x overlap %s at 0x%08x; images must lie in RAM or flash",
                        name, length, address, what, at);
            }
        }
        return String.format("%s: 0x%x bytes at 0x%08x do not lie in memory", name, length, address);
    }

    static LoadedImage of(ElfImage elf) {
        List<Piece> pieces = new java.util.ArrayList<>();
        for (ElfImage.Segment s : elf.segments()) {
            pieces.add(new Piece(s.physicalAddress(), elf.data(), s.fileOffset(), s.fileSize(), s.memorySize() - s.fileSize()));
        }
        return new LoadedImage(elf.name(), elf.entry(), pieces);
    }

    static LoadedImage raw(String name, byte[] data, int address) {
        return new LoadedImage(name, address, List.of(new Piece(address, data, 0, data.length, 0)));
    }
}
