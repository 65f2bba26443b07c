package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.emulator.bus.MemoryRegion;
import dev.hilfarm.emulator.bus.PhysicalBus;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.device.ConsoleUart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An emulated board: one core, its bus and devices, virtual time, a console UART, and the images
 * QEMU's {@code -kernel} would load. What the rest of the project (the emulated board thread, the
 * PTY bridge, the boot loaders, the GDB stub, {@code hil emulate}) needs of a machine, whichever
 * SoC it is. The set of machines is closed: {@link #create} picks one from a board profile.
 *
 * <p>Not thread-safe except for {@link #requestStop()} and the console's {@code receive};
 * everything else belongs to the thread that calls {@link #run}.
 */
public sealed interface Machine permits VexpressA9Machine, CubieboardMachine {

    /**
     * What QEMU's boot loader does differently per machine when it boots a Linux kernel.
     *
     * @param boardId          the machine number passed in r1
     * @param virtioTransports whether QEMU adds its virtio-mmio transports to the dtb (vexpress only)
     */
    record LinuxBootTraits(int boardId, boolean virtioTransports) {
    }

    /** Builds the machine for {@code profile}'s SoC with the complete core ({@link StandardCpuWiring}). */
    static Machine create(BoardProfile profile, MachineOptions options) {
        return create(profile, options, new StandardCpuWiring());
    }

    /**
     * Builds the machine for {@code profile}'s SoC, its core's parts installed by {@code wiring}.
     *
     * @throws IllegalArgumentException, with a one-line message, for a board whose SoC has no machine
     */
    static Machine create(BoardProfile profile, MachineOptions options, CpuWiring wiring) {
        if (VexpressLayout.forBoard(profile.name()).isPresent()) {
            return VexpressA9Machine.create(profile, options, wiring);
        }
        if (CubieboardMachine.emulates(profile)) {
            return CubieboardMachine.create(profile, options, wiring);
        }
        throw new IllegalArgumentException("board " + profile.name() + ": the emulator has no machine for its SoC, "
                + profile.soc() + " (it emulates vexpress-a9 and the Allwinner A10 of cubieboard)");
    }

    BoardProfile profile();

    Cpu cpu();

    PhysicalBus bus();

    EventScheduler scheduler();

    VirtualClock clock();

    /** The main RAM the profile describes. */
    MemoryRegion ram();

    /** The UART the profile names as the console. */
    ConsoleUart console();

    /** What CP15's CBAR reports: the MPCore private peripheral base, 0 on cores without one. */
    int privatePeripheralBase();

    LinuxBootTraits linuxBoot();

    /** Loads a bare-metal ELF executable as QEMU's {@code -kernel} does and makes its entry point the start address. */
    LoadedImage loadElf(String name, byte[] bytes);

    default LoadedImage loadElf(Path file) throws IOException {
        return loadElf(file.getFileName().toString(), Files.readAllBytes(file));
    }

    /** Loads a raw binary at a physical address and makes that address the start address. */
    LoadedImage loadRaw(String name, byte[] bytes, int address);

    /** Where execution starts after a reset (bit 0 selects Thumb); by default the last image's entry point. */
    void setEntry(int address);

    /** Makes the current (or, if none is running, the next) {@link #run} return soon; safe from any thread. */
    void requestStop();

    /** Resets the machine before the next instruction. */
    void requestReset();

    /** Runs {@code hook} on every machine reset, after the devices and before the CPU. */
    void onReset(Runnable hook);

    /** Whether the guest has powered the board off. */
    boolean poweredOff();

    /**
     * Runs the guest until it powers off, {@code maxInstructions} more instructions have retired
     * (Long.MAX_VALUE: no limit), {@link #requestStop()} is called, or the CPU waits for an
     * interrupt nothing can deliver (unless {@link MachineOptions#waitForInput()}).
     */
    RunResult run(long maxInstructions);

    /** The board's reset: every device, the CPU, the images placed again, execution from the entry point. */
    void reset();
}
