package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.emulator.boot.LinuxDirectBoot;
import dev.hilfarm.emulator.machine.EmulatedBoard;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.VexpressLayout;
import dev.hilfarm.emulator.pty.UartPtyBridge;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.serial.JSerialCommLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A board emulated in this JVM by hilfarm's ARMv7-A emulator, booting a kernel directly as QEMU's
 * -kernel does. Its console UART is bridged to a pseudo-terminal that is opened with jSerialComm,
 * exactly as a USB serial adapter is, so tests cannot tell the backends apart by their console.
 * A fault inside the emulator ends the board (the console then reports the link lost: an
 * infrastructure failure) but never the JVM.
 */
public final class EmulatorTarget implements Target {
    private final BoardProfile board;
    private final LinuxImages images;
    /** A bootloader ELF to start instead of a kernel (null: Linux direct boot from {@link #images}). */
    private final Path bootloader;
    private final List<Path> pflash;
    /** SD card image in the MMC slot, or null for an empty slot. */
    private final Path sdCard;
    private final ConsoleSettings consoleSettings;
    private final TargetConsole console;
    private EmulatedBoard emulated;
    private UartPtyBridge bridge;

    public EmulatorTarget(BoardProfile board, LinuxImages images, ConsoleSettings consoleSettings, Transcript transcript) {
        this(board, java.util.Objects.requireNonNull(images), null, List.of(), null, consoleSettings, transcript);
    }

    /**
     * An emulated board that starts in U-Boot, as {@link QemuTarget#bootingUBoot} does on QEMU: the
     * u-boot ELF runs from its link address, with the NOR flash banks backed by {@code pflash}
     * (their contents persist across power cycles and runs), so the boot strategy meets autoboot
     * and the {@code => } prompt as on hardware.
     */
    public static EmulatorTarget bootingUBoot(BoardProfile board, Path ubootElf, List<Path> pflash,
                                              ConsoleSettings consoleSettings, Transcript transcript) {
        return bootingUBoot(board, ubootElf, pflash, Optional.empty(), consoleSettings, transcript);
    }

    /** As {@link #bootingUBoot(BoardProfile, Path, List, ConsoleSettings, Transcript)}, with an SD card image in the MMC slot. */
    public static EmulatorTarget bootingUBoot(BoardProfile board, Path ubootElf, List<Path> pflash, Optional<Path> sdCard,
                                              ConsoleSettings consoleSettings, Transcript transcript) {
        if (!Files.isRegularFile(ubootElf)) {
            throw new InfrastructureException("U-Boot image not found: " + ubootElf);
        }
        return new EmulatorTarget(board, null, ubootElf, pflash, sdCard.orElse(null), consoleSettings, transcript);
    }

    private EmulatorTarget(BoardProfile board, LinuxImages images, Path bootloader, List<Path> pflash, Path sdCard,
                           ConsoleSettings consoleSettings, Transcript transcript) {
        this.board = board;
        this.images = images;
        this.bootloader = bootloader;
        this.pflash = List.copyOf(pflash);
        this.sdCard = sdCard;
        this.consoleSettings = consoleSettings;
        this.console = new TargetConsole(id(), transcript);
    }

    /**
     * Whether the emulator has a machine that boots Linux for this board (today the vexpress-a9
     * layout; bare-metal-only machines do not count, as the harness boots Linux).
     */
    public static boolean bootsLinux(BoardProfile board) {
        return VexpressLayout.forBoard(board.name()).isPresent();
    }

    @Override
    public String id() {
        return "emulator:" + board.name();
    }

    @Override
    public BoardProfile board() {
        return board;
    }

    @Override
    public TargetBackend backend() {
        return TargetBackend.EMULATOR;
    }

    @Override
    public boolean hasBootloaderStage() {
        return bootloader != null;
    }

    @Override
    public boolean powerControllable() {
        return true;
    }


    @Override
    public synchronized void powerOn() {
        if (emulated != null && !emulated.finished()) {
            return;
        }
        try {
            emulated = EmulatedBoard.create(board, MachineOptions.defaults().withWaitForInput(true).withFlashImages(pflash).withSdCard(sdCard), null);
            if (bootloader != null) {
                emulated.machine().loadElf(bootloader.getFileName().toString(), Files.readAllBytes(bootloader));
            } else {
                LinuxDirectBoot.load(emulated.machine(), images.kernel(), images.dtb(), Optional.of(images.initramfs()),
                        LinuxImages.commandLine(board));
            }
            bridge = UartPtyBridge.open(emulated.machine().console());
            console.attach(SerialConsole.attach(JSerialCommLink.open(bridge.devicePath(), board.console().baud()),
                    consoleSettings, console.transcript()));
            emulated.start();
        } catch (RuntimeException | java.io.IOException e) {
            powerOff();
            throw e instanceof InfrastructureException ie ? ie
                    : new InfrastructureException("emulator " + board.name() + " did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void powerOff() {
        console.detach();
        if (emulated != null) {
            emulated.stop();
            emulated = null;
        }
        if (bridge != null) {
            bridge.close();
            bridge = null;
        }
    }

    @Override
    public Console console() {
        return console;
    }

    /** The running board, for diagnostics and tests (null when off). */
    public synchronized EmulatedBoard emulatedBoard() {
        return emulated;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("board", board.name());
        d.put("target", "emulator");
        if (bootloader != null) {
            d.put("bootloader", bootloader.getFileName().toString());
        } else {
            d.put("image", images.label());
            d.put("kernel", images.kernel().getFileName().toString());
            d.put("dtb", images.dtb().getFileName().toString());
        }
        return d;
    }

    @Override
    public void close() {
        powerOff();
    }
}
