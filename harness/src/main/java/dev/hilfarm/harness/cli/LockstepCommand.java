package dev.hilfarm.harness.cli;

import dev.hilfarm.emulator.debug.LockstepChecker;
import dev.hilfarm.emulator.debug.LockstepReport;
import dev.hilfarm.emulator.debug.VexpressDebugTarget;
import dev.hilfarm.harness.host.HostPackages;
import dev.hilfarm.harness.target.QemuProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hil lockstep}: runs one bare-metal ELF on QEMU (through its gdbstub, one instruction at
 * a time) and on the emulator, and reports the first instruction after which the registers
 * differ, with the instructions that led there disassembled. {@code --from N} runs both sides to
 * instruction N at full speed before comparing, so that a divergence deep into a program is
 * reached in seconds rather than hours of single steps.
 */
@Command(name = "lockstep", description = "Run a bare-metal ELF on QEMU and on the emulator instruction by instruction"
        + " and report the first difference")
final class LockstepCommand implements Callable<Integer> {

    @Option(names = "--kernel", required = true, paramLabel = "ELF", description = "bare-metal ELF for vexpress-a9")
    Path elf;

    @Option(names = "--from", defaultValue = "0", paramLabel = "N",
            description = "run N instructions before comparing (default: ${DEFAULT-VALUE})")
    long from;

    @Option(names = "--max", defaultValue = "1000000", paramLabel = "N",
            description = "stop after N instructions in all (default: ${DEFAULT-VALUE})")
    long max;

    @Option(names = "--semihosting", negatable = true, defaultValue = "true",
            description = "ARM semihosting on both sides, as the bare-metal tests use it (default: on)")
    boolean semihosting;

    @Option(names = "--vfp", description = "also compare d0-d15 and FPSCR after VFP instructions")
    boolean vfp;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(elf)) {
            throw new IllegalArgumentException("--kernel " + elf + ": no such file");
        }
        if (from < 0 || max < from) {
            throw new IllegalArgumentException("need 0 <= --from <= --max, got --from " + from + " --max " + max);
        }
        new HostPackages(System.out).require(QemuProcess.BINARY, QemuProcess.DEBIAN_PACKAGE, "the QEMU side of the lockstep run");
        LockstepChecker checker = new LockstepChecker(VexpressDebugTarget::boot,
                LockstepChecker.Options.defaults().withSemihosting(semihosting).withVfp(vfp));
        LockstepReport report = checker.check(elf, max, from);
        System.out.print(report.describe());
        return report.agreed() ? 0 : 1;
    }
}
