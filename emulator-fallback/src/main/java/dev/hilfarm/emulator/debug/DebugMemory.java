package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.memory.Bus;

/**
 * Debugger access to guest memory by virtual address, without side effects on the core: each
 * page is translated with {@link dev.hilfarm.emulator.memory.Memory#translateForDebug}, which
 * sets no fault status registers and raises no abort, and the access then goes to the physical
 * bus, ignoring access permissions (a debugger may plant data in read-only pages). An address
 * that does not translate is reported as unreadable instead of faulting.
 *
 * <p>Aligned words and halfwords are accessed whole, so device registers see the access width
 * they expect. On a {@link PhysicalBus}, writes to memory go through its loader, so a debugger
 * can change ROM (NOR flash) as QEMU's gdbstub can, while the guest cannot.
 */
public final class DebugMemory {
    /** Translation granularity: the smallest ARMv7 short-descriptor page. */
    private static final int PAGE = 4096;

    private final Cpu cpu;
    private final Bus bus;

    public DebugMemory(Cpu cpu, Bus bus) {
        this.cpu = cpu;
        this.bus = bus;
    }

    /**
     * Reads up to {@code length} bytes from {@code va} into {@code into}; stops at the first page
     * that does not translate. Returns the number of bytes read (0 when {@code va} itself is unmapped).
     */
    public int read(int va, byte[] into, int length) {
        int done = 0;
        while (done < length) {
            int address = va + done;
            long pa = cpu.memory.translateForDebug(address);
            if (!onBus(pa)) {
                return done;
            }
            int inPage = Math.min(length - done, PAGE - (address & (PAGE - 1)));
            readPhysical((int) pa, into, done, inPage);
            done += inPage;
        }
        return done;
    }

    /**
     * Writes {@code length} bytes at {@code va}, or nothing at all when any page of the range does
     * not translate. Returns whether it wrote.
     */
    public boolean write(int va, byte[] data, int offset, int length) {
        for (int done = 0; done < length; ) {
            int address = va + done;
            if (!onBus(cpu.memory.translateForDebug(address))) {
                return false;
            }
            done += Math.min(length - done, PAGE - (address & (PAGE - 1)));
        }
        for (int done = 0; done < length; ) {
            int address = va + done;
            int pa = (int) cpu.memory.translateForDebug(address);
            int inPage = Math.min(length - done, PAGE - (address & (PAGE - 1)));
            writePhysical(pa, data, offset + done, inPage);
            done += inPage;
        }
        return true;
    }

    /**
     * Whether [va, va + length) is RAM or ROM rather than device registers (which a watchpoint
     * must not read after every instruction). True when it does not translate now, or when the
     * bus cannot tell.
     */
    public boolean isMemory(int va, int length) {
        long pa = cpu.memory.translateForDebug(va);
        if (!onBus(pa) || !(bus instanceof PhysicalBus)) {
            return true;
        }
        return ((PhysicalBus) bus).isMemory((int) pa, length);
    }

    /** Whether a translation result is an address on the 32-bit bus (not a fault, not a supersection above 4 GiB). */
    private static boolean onBus(long pa) {
        return pa >= 0 && pa <= 0xffffffffL;
    }

    /** Reads one little-endian word as an unsigned value, or -1 when any of its bytes is unmapped. */
    public long readWord(int va) {
        byte[] word = new byte[4];
        if (read(va, word, 4) < 4) {
            return -1L;
        }
        return (word[0] & 0xff) | (word[1] & 0xff) << 8 | (word[2] & 0xff) << 16 | (word[3] & 0xffL) << 24;
    }

    private void readPhysical(int pa, byte[] into, int at, int count) {
        int i = 0;
        while (i < count) {
            int address = pa + i;
            if ((address & 3) == 0 && count - i >= 4) {
                int value = bus.read32(address);
                into[at + i] = (byte) value;
                into[at + i + 1] = (byte) (value >>> 8);
                into[at + i + 2] = (byte) (value >>> 16);
                into[at + i + 3] = (byte) (value >>> 24);
                i += 4;
            } else if ((address & 1) == 0 && count - i >= 2) {
                int value = bus.read16(address);
                into[at + i] = (byte) value;
                into[at + i + 1] = (byte) (value >>> 8);
                i += 2;
            } else {
                into[at + i] = (byte) bus.read8(address);
                i++;
            }
        }
    }

    private void writePhysical(int pa, byte[] data, int at, int count) {
        if (bus instanceof PhysicalBus && ((PhysicalBus) bus).isMemory(pa, count)) {
            ((PhysicalBus) bus).load(pa, data, at, count);
            return;
        }
        int i = 0;
        while (i < count) {
            int address = pa + i;
            if ((address & 3) == 0 && count - i >= 4) {
                bus.write32(address, (data[at + i] & 0xff) | (data[at + i + 1] & 0xff) << 8
                        | (data[at + i + 2] & 0xff) << 16 | (data[at + i + 3] & 0xff) << 24);
                i += 4;
            } else if ((address & 1) == 0 && count - i >= 2) {
                bus.write16(address, (data[at + i] & 0xff) | (data[at + i + 1] & 0xff) << 8);
                i += 2;
            } else {
                bus.write8(address, data[at + i] & 0xff);
                i++;
            }
        }
    }
}
