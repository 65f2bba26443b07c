package dev.hilfarm.emulator.debug;

import dev.hilfarm.board.exec.HostCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the debug tests' bare-metal programs (test resources startup.S, workload.c, link.ld)
 * with Debian's arm-none-eabi-gcc for the Cortex-A9, in ARM or Thumb-2.
 */
final class BareMetalPrograms {
    static final String GCC = "arm-none-eabi-gcc";
    static final String GCC_PACKAGE = "gcc-arm-none-eabi";
    private static final String[] SOURCES = {"startup.S", "workload.c", "link.ld", "mmu.S", "system-exercise.S", "mmu-faults.S"};

    private BareMetalPrograms() {
    }

    /** Assembles mmu.S (turns the MMU on with a remapped and an unmapped section) into {@code directory}. */
    static Path mmuProgram(Path directory) {
        return assembleResource(directory, "mmu");
    }

    /** Assembles the test resource {@code name}.S (ARM, with VFPv3-D16 instructions allowed) into {@code directory}. */
    static Path assembleResource(Path directory, String name) {
        copySources(directory);
        HostCommand.of(GCC, "-mcpu=cortex-a9", "-marm", "-mfpu=vfpv3-d16", "-nostdlib", "-g", "-T", "link.ld",
                        name + ".S", "-o", name + ".elf")
                .in(directory).providedBy(GCC_PACKAGE).timeout(Duration.ofMinutes(2)).runChecked();
        return directory.resolve(name + ".elf");
    }

    /** Assembles a small ARM program (entry _start, linked at 0x60000000) from {@code source}. */
    static Path assemble(Path directory, String name, String source) {
        copySources(directory);
        try {
            Files.writeString(directory.resolve(name + ".S"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostCommand.of(GCC, "-mcpu=cortex-a9", "-nostdlib", "-g", "-T", "link.ld", name + ".S", "-o", name + ".elf")
                .in(directory).providedBy(GCC_PACKAGE).timeout(Duration.ofMinutes(2)).runChecked();
        return directory.resolve(name + ".elf");
    }

    private static void copySources(Path directory) {
        try {
            for (String source : SOURCES) {
                try (InputStream in = BareMetalPrograms.class.getResourceAsStream(source)) {
                    Files.copy(in, directory.resolve(source), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles the workload into {@code directory} (soft float); returns the ELF. */
    static Path workload(Path directory, boolean thumb, boolean semihosting) {
        return workload(directory, thumb, semihosting, false);
    }

    /** Compiles the workload; {@code vfp} builds it for hard float on VFPv3-D16 and enables the VFP at startup. */
    static Path workload(Path directory, boolean thumb, boolean semihosting, boolean vfp) {
        copySources(directory);
        Path elf = directory.resolve("workload-" + (thumb ? "thumb" : "arm") + (semihosting ? "-semihosting" : "")
                + (vfp ? "-vfp" : "") + ".elf");
        List<String> argv = new ArrayList<>(List.of(GCC, "-mcpu=cortex-a9", thumb ? "-mthumb" : "-marm",
                "-O2", "-g", "-nostartfiles", "-T", "link.ld"));
        if (vfp) {
            argv.addAll(List.of("-mfloat-abi=hard", "-mfpu=vfpv3-d16", "-DENABLE_VFP"));
        } else {
            argv.add("-mfloat-abi=soft");
        }
        if (semihosting) {
            argv.add("-DSEMIHOSTING");
        }
        argv.addAll(List.of("startup.S", "workload.c", "-lm", "-o", elf.getFileName().toString()));
        HostCommand.of(argv).in(directory).providedBy(GCC_PACKAGE).timeout(Duration.ofMinutes(2)).runChecked();
        return elf;
    }
}
