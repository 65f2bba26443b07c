package dev.hilfarm.emulator.debug;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.cpu.Cpu;
import dev.hilfarm.emulator.machine.Machine;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.StandardCpuWiring;
import dev.hilfarm.emulator.machine.VexpressA9Machine;
import dev.hilfarm.emulator.memory.Bus;
import dev.hilfarm.emulator.system.ArmSemihosting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A {@link Machine} (vexpress-a9 by {@link #boot}, any machine through the constructor) as the
 * debug stub and the lockstep checker see it. The guest has
 * ended when it powered the board off or exited through semihosting; for the latter this target
 * is the machine's {@link ArmSemihosting.Listener} (or is told by the caller's listener through
 * {@link #exited(int)}).
 *
 * <p>For {@code hil emulate --gdb PORT}: build the machine, wrap it ({@link #VexpressDebugTarget}),
 * forward semihosting exits to {@link #exited(int)}, and hand it to {@link GdbServer#open}.
 */
public final class VexpressDebugTarget implements DebugTarget, ArmSemihosting.Listener {
    public static final String BOARD = "vexpress-a9";

    private final Machine machine;
    private final VfpRegisters vfp;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ByteArrayOutputStream semihostingOutput = new ByteArrayOutputStream();
    private boolean exited;
    private int exitStatus;
    private String failure;

    public VexpressDebugTarget(Machine machine) {
        this.machine = machine;
        this.vfp = VfpUnitRegisters.of(machine.cpu().fpu);
    }

    /**
     * The vexpress-a9 board profile's machine with the emulator's complete core, the ELF loaded and
     * the core at its entry point, as QEMU's {@code -kernel} leaves it; with ARM semihosting when
     * asked (QEMU's {@code -semihosting}). The console UART's output and semihosting's output are
     * kept ({@link #consoleOutput()}, {@link #semihostingOutput()}).
     */
    public static VexpressDebugTarget boot(Path elf, boolean semihosting) throws IOException {
        VexpressA9Machine machine = VexpressA9Machine.create(BoardProfiles.standard().get(BOARD),
                MachineOptions.defaults(), new StandardCpuWiring());
        VexpressDebugTarget target = new VexpressDebugTarget(machine);
        machine.console().output(target.console::write);
        if (semihosting) {
            machine.cpu().semihosting = new ArmSemihosting(machine.bus(), target.semihostingOutput,
                    target.semihostingOutput, target);
        }
        machine.loadElf(elf);
        return target;
    }

    public Machine machine() {
        return machine;
    }

    @Override
    public Cpu cpu() {
        return machine.cpu();
    }

    @Override
    public Bus bus() {
        return machine.bus();
    }

    @Override
    public VfpRegisters vfp() {
        return vfp;
    }

    /**
     * One slice of the machine's own run loop, so that UART input, resets and power-off are
     * handled while a debugger lets the guest run. The machine must not wait for input when idle
     * ({@link MachineOptions#waitForInput()} false): the stub itself waits, for the debugger.
     */
    @Override
    public long run(long maxInstructions) {
        return machine.run(maxInstructions).instructions();
    }

    @Override
    public boolean guestExited() {
        return exited || machine.poweredOff();
    }

    @Override
    public int guestExitStatus() {
        return exited ? exitStatus : 0;
    }

    /** Semihosting SYS_EXIT / SYS_EXIT_EXTENDED: the guest ended with {@code status}. */
    @Override
    public void exited(int status) {
        exited = true;
        exitStatus = status;
        // Both: the core's loop ends after this instruction, and the machine's does not go on.
        machine.cpu().requestStop();
        machine.requestStop();
    }

    /** A semihosting call QEMU would abort on: the guest ends here, with status 1 and the message kept. */
    @Override
    public void failed(String message) {
        failure = message;
        exited(1);
    }

    /** Why the guest ended through a failed semihosting call, or null. */
    public String failure() {
        return failure;
    }

    /** What the guest wrote to the console UART (when booted by {@link #boot}). */
    public String consoleOutput() {
        return console.toString(StandardCharsets.ISO_8859_1);
    }

    /** What the guest wrote through semihosting (when booted by {@link #boot} with semihosting). */
    public String semihostingOutput() {
        return semihostingOutput.toString(StandardCharsets.ISO_8859_1);
    }
}
