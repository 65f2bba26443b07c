package dev.hilfarm.emulator.debug;

import dev.hilfarm.emulator.bus.DeviceAccessTrace;
import dev.hilfarm.emulator.bus.DeviceWindow;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.cpu.ExceptionEntry;
import dev.hilfarm.emulator.cpu.ExceptionTrace;
import dev.hilfarm.emulator.cpu.Mode;
import dev.hilfarm.emulator.system.Cp15;
import dev.hilfarm.emulator.system.FaultStatus;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The emulator's {@code --trace} output, one line per event, each stamped {@code [N]} with the
 * number of instructions retired before it, so that it lines up with {@code --stats} and the
 * instruction history: exceptions taken
 * (QEMU's {@code -d int}), MMU faults with the decoded fault status and address ({@code -d mmu}),
 * and device register accesses plus accesses nothing decodes ({@code -d guest_errors,unimp}).
 * Tracing is for diagnosis, so formatting a line may allocate; with no category on, nothing is
 * installed and the emulator pays nothing.
 */
public final class TraceLog implements ExceptionTrace, DeviceAccessTrace {

    /** What can be traced; the names are those of the {@code --trace} option. */
    public enum Category {
        EXCEPTIONS, MMU, DEVICES;

        /** Parses "exceptions,mmu,devices" (any subset, any order); names the bad part otherwise. */
        public static Set<Category> parseList(String text) {
            Set<Category> set = EnumSet.noneOf(Category.class);
            for (String part : text.split(",")) {
                String name = part.strip().toUpperCase(Locale.ROOT);
                try {
                    set.add(Category.valueOf(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--trace: unknown category '" + part.strip()
                            + "' (known: exceptions, mmu, devices)");
                }
            }
            return set;
        }
    }

    private final Set<Category> categories;
    private final Cpu cpu;
    private final Cp15 cp15;
    private final PrintStream out;

    private TraceLog(Set<Category> categories, Cpu cpu, Cp15 cp15, PrintStream out) {
        this.categories = EnumSet.copyOf(categories);
        this.cpu = cpu;
        this.cp15 = cp15;
        this.out = out;
    }

    /**
     * Installs a trace of {@code categories} on a core and its bus, writing to {@code out}.
     * {@code cp15} (may be null) supplies the fault status and address of aborts.
     */
    public static TraceLog install(Set<Category> categories, Cpu cpu, Cp15 cp15,
                                   dev.hilfarm.emulator.bus.PhysicalBus bus, PrintStream out) {
        TraceLog log = new TraceLog(categories, cpu, cp15, out);
        if (categories.contains(Category.EXCEPTIONS) || categories.contains(Category.MMU)) {
            cpu.exceptionTrace = log;
        }
        if (categories.contains(Category.DEVICES)) {
            bus.traceDeviceAccesses(log);
        }
        return log;
    }

    @Override
    public void exceptionTaken(int vectorOffset, int fromPc, int fromCpsr, int handler) {
        boolean abort = vectorOffset == ExceptionEntry.VECTOR_DATA_ABORT || vectorOffset == ExceptionEntry.VECTOR_PREFETCH_ABORT;
        if (!categories.contains(Category.EXCEPTIONS) && !(abort && categories.contains(Category.MMU))) {
            return;
        }
        StringBuilder line = new StringBuilder(120);
        line.append(String.format(Locale.ROOT, "[%d] exception %s from 0x%08x (%s, %s) to 0x%08x (%s)",
                cpu.instructionsRetired(), name(vectorOffset), fromPc, Mode.name(fromCpsr & 0x1f),
                (fromCpsr & (1 << 5)) != 0 ? "Thumb" : "ARM", handler, Mode.name(cpu.state.mode())));
        if (abort && cp15 != null) {
            boolean data = vectorOffset == ExceptionEntry.VECTOR_DATA_ABORT;
            int status = data ? cp15.dfsr() : cp15.ifsr();
            int address = data ? cp15.dfar() : cp15.ifar();
            line.append(String.format(Locale.ROOT, ": %s 0x%08x %s, %s 0x%08x", data ? "DFSR" : "IFSR", status,
                    FaultStatus.describe(status), data ? "DFAR" : "IFAR", address));
        }
        out.println(line);
    }

    @Override
    public void device(DeviceWindow window, int offset, int size, int value, boolean write) {
        out.printf(Locale.ROOT, "[%d] device %s%d %s +0x%03x %s 0x%0" + (size * 2) + "x%n", cpu.instructionsRetired(),
                write ? "write" : "read", size * 8, window.name(), offset, write ? "<-" : "=", value);
    }

    @Override
    public void unmapped(int address, int size, int value, boolean write) {
        out.printf(Locale.ROOT, "[%d] unmapped %s%d 0x%08x%s (pc 0x%08x)%n", cpu.instructionsRetired(),
                write ? "write" : "read", size * 8, address,
                write ? String.format(Locale.ROOT, " <- 0x%0" + (size * 2) + "x", value) : " = 0 (nothing decodes it)",
                cpu.state.pc);
    }

    private static String name(int vectorOffset) {
        return switch (vectorOffset) {
            case ExceptionEntry.VECTOR_UNDEFINED -> "undefined instruction";
            case ExceptionEntry.VECTOR_SVC -> "SVC";
            case ExceptionEntry.VECTOR_PREFETCH_ABORT -> "prefetch abort";
            case ExceptionEntry.VECTOR_DATA_ABORT -> "data abort";
            case ExceptionEntry.VECTOR_IRQ -> "IRQ";
            case ExceptionEntry.VECTOR_FIQ -> "FIQ";
            default -> String.format("vector 0x%02x", vectorOffset);
        };
    }
}
