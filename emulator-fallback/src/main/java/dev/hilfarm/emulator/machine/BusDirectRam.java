package dev.hilfarm.emulator.machine;

import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.memory.CodePage;
import dev.hilfarm.emulator.memory.CodeWatcher;
import dev.hilfarm.emulator.system.DirectRam;

/**
 * The writable RAM of a {@link PhysicalBus} (and its aliases) as a {@link DirectRam}, so that TLB
 * hits on RAM read and write the bus's own 1 MiB page arrays without a bus call. ROM, devices and
 * unmapped space answer null and keep going through the bus, so device registers never take the
 * fast path and ROM stays read-only.
 *
 * <p>The bus allocates RAM pages lazily. A TLB entry is only made for a page the guest is
 * accessing, and it needs the page's array, so {@link #array} allocates the page then (through
 * {@link PhysicalBus#pageForWrite}, as a first write would): the fresh page reads as zero, exactly
 * what the bus answers for an unwritten page, and the array handed out is the one the bus keeps
 * using for that page and its aliases afterwards (pages are never replaced or freed).
 *
 * <p>Decoded code is cached per page by the bus ({@link PhysicalBus#codePage}), which sees every
 * write that does not take a TLB's direct path; the TLBs stop handing out direct writes for pages
 * while they hold code.
 */
final class BusDirectRam implements DirectRam {
    private static final int OFFSET_MASK = PhysicalBus.PAGE_SIZE - 1;

    private final PhysicalBus bus;

    BusDirectRam(PhysicalBus bus) {
        this.bus = bus;
    }

    @Override
    public byte[] array(int physicalPage) {
        return bus.pageForWrite(physicalPage);
    }

    @Override
    public int offset(int physicalPage) {
        return physicalPage & OFFSET_MASK;
    }

    @Override
    public CodePage codePage(int physicalPage) {
        return bus.codePage(physicalPage);
    }

    @Override
    public void watchCode(CodeWatcher watcher) {
        bus.watchCode(watcher);
    }
}
