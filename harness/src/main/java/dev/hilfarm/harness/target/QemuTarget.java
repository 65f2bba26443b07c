package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.SerialConsole;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.failure.InfrastructureException;
import dev.hilfarm.harness.serial.JSerialCommLink;
import dev.hilfarm.harness.serial.SerialLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A board modelled by QEMU, booting a kernel directly or, made with {@link #bootingUBoot}, starting
 * in U-Boot as a real board does. "Power on" starts qemu-system-arm paused with its first UART on
 * a pty, opens that pty with jSerialComm exactly as a USB serial adapter is opened, then lets the
 * machine run; "power off" stops the process.
 */
public final class QemuTarget implements Target {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final BoardProfile board;
    private final LinuxImages images;
    /* The U-Boot ELF QEMU loads instead of a kernel; null when Linux is booted directly. */
    private final Path bootloader;
    private final Path workDirectory;
    private final ConsoleSettings consoleSettings;
    private final TargetConsole console;
    private final int cpus;
    /* -device loader arguments for files put into guest RAM at power-on */
    private final List<String> ramImages = new ArrayList<>();
    /* -drive arguments for the SD card and the NOR flash banks */
    private final List<String> drives = new ArrayList<>();
    private QemuProcess qemu;
    private QmpClient qmp;
    private Path qmpSocket;
    private int boots;

    public QemuTarget(BoardProfile board, LinuxImages images, Path workDirectory, ConsoleSettings consoleSettings,
                      Transcript transcript, int cpus) {
        this(board, java.util.Objects.requireNonNull(images), null, workDirectory, consoleSettings, transcript, cpus);
    }

    /**
     * A QEMU board that starts in U-Boot: QEMU's -kernel takes the u-boot ELF (built for the
     * board's QEMU machine, e.g. vexpress_ca9x4 for vexpress-a9), with no device tree, initrd or
     * command line, so the boot strategy meets autoboot and the prompt as on hardware.
     */
    public static QemuTarget bootingUBoot(BoardProfile board, Path ubootElf, Path workDirectory,
                                          ConsoleSettings consoleSettings, Transcript transcript, int cpus) {
        if (!Files.isRegularFile(ubootElf)) {
            throw new InfrastructureException("U-Boot image not found: " + ubootElf);
        }
        return new QemuTarget(board, null, ubootElf, workDirectory, consoleSettings, transcript, cpus);
    }

    private QemuTarget(BoardProfile board, LinuxImages images, Path bootloader, Path workDirectory,
                       ConsoleSettings consoleSettings, Transcript transcript, int cpus) {
        if (board.qemu().isEmpty()) {
            throw new InfrastructureException("board " + board.name() + " has no QEMU machine in its profile");
        }
        this.board = board;
        this.images = images;
        this.bootloader = bootloader;
        this.workDirectory = workDirectory;
        this.consoleSettings = consoleSettings;
        this.console = new TargetConsole(id(), transcript);
        this.cpus = cpus;
    }

    /**
     * Has QEMU put {@code file} into guest RAM at {@code address} at every power-on (its generic
     * loader device), as a board's flash or a download would have before a bootloader command
     * uses it. Takes effect from the next power-on.
     */
    public synchronized QemuTarget loadIntoRam(Path file, long address) {
        if (!Files.isRegularFile(file)) {
            throw new InfrastructureException("file to load into RAM not found: " + file);
        }
        ramImages.addAll(List.of("-device", "loader,file=" + escaped(file)
                + ",addr=0x" + Long.toHexString(address) + ",force-raw=on"));
        return this;
    }

    /**
     * Puts {@code sdCard} in the board's MMC slot and {@code flashBanks} behind its NOR flash
     * (bank 0 first); QEMU writes to them as the guest does. Takes effect from the next power-on.
     */
    public synchronized QemuTarget withStorage(Optional<Path> sdCard, List<Path> flashBanks) {
        sdCard.ifPresent(sd -> drives.addAll(List.of("-drive", "if=sd,format=raw,file=" + escaped(sd))));
        for (Path bank : flashBanks) {
            drives.addAll(List.of("-drive", "if=pflash,format=raw,file=" + escaped(bank)));
        }
        return this;
    }

    /** QEMU option values escape a comma by doubling it. */
    private static String escaped(Path file) {
        return file.toAbsolutePath().toString().replace(",", ",,");
    }

    @Override
    public String id() {
        return "qemu:" + board.name();
    }

    @Override
    public BoardProfile board() {
        return board;
    }

    @Override
    public TargetBackend backend() {
        return TargetBackend.QEMU;
    }

    @Override
    public boolean hasBootloaderStage() {
        return bootloader != null;
    }

    @Override
    public boolean powerControllable() {
        return true;
    }


    List<String> arguments(Path qmpSocket) {
        BoardProfile.Qemu machine = board.qemu().orElseThrow();
        List<String> args = new ArrayList<>(List.of(
                "-M", machine.machine(),
                "-cpu", machine.cpu(),
                "-smp", String.valueOf(cpus),
                "-m", (board.ram().size() >> 20) + "M"));
        if (bootloader != null) {
            // U-Boot brings its own control device tree and finds the kernel itself. What it boots
            // may power the board off when done (the hypervisor does): QEMU then keeps the machine
            // and its console until hilfarm removes power, as a lab's power switch would, so the
            // console's last lines are never lost to the process exiting.
            args.addAll(List.of("-kernel", bootloader.toString(), "-no-shutdown"));
        } else {
            args.addAll(List.of(
                    "-kernel", images.kernel().toString(),
                    "-dtb", images.dtb().toString(),
                    "-initrd", images.initramfs().toString(),
                    "-append", LinuxImages.commandLine(board)));
        }
        args.addAll(ramImages);
        args.addAll(drives);
        args.addAll(List.of(
                "-nodefaults", "-display", "none", "-net", "none",
                // No sound card backend: otherwise QEMU probes ALSA and fills its log with errors.
                "-audiodev", "none,id=hil-audio",
                "-serial", "pty",
                "-qmp", "unix:" + qmpSocket + ",server=on,wait=off",
                "-S"));
        return args;
    }

    @Override
    public synchronized void powerOn() {
        if (qemu != null && qemu.isRunning()) {
            return;
        }
        boots++;
        Path socket;
        try {
            Files.createDirectories(workDirectory);
            // Unix socket paths are limited to 107 bytes, so the socket lives in the temp directory.
            socket = Files.createTempFile("hil-qmp-", ".sock");
            Files.delete(socket);
            qmpSocket = socket;
        } catch (IOException e) {
            throw new InfrastructureException("cannot prepare QEMU work directory " + workDirectory + ": " + e.getMessage(), e);
        }
        qemu = QemuProcess.start(arguments(socket), workDirectory.resolve("qemu-" + boots + ".log"), START_TIMEOUT);
        try {
            qmp = QmpClient.connect(socket, START_TIMEOUT, qemu::isRunning);
            SerialLink link = JSerialCommLink.open(qemu.ptyPath(), board.console().baud());
            console.attach(SerialConsole.attach(link, consoleSettings, console.transcript()));
            qmp.execute("cont", START_TIMEOUT);
        } catch (RuntimeException e) {
            QemuProcess failed = qemu;
            powerOff();
            // QEMU says why it quit (e.g. "could not load kernel '/path'") only on its own output;
            // the control socket merely sees the connection reset.
            throw new InfrastructureException("QEMU " + board.qemu().orElseThrow().machine() + " did not start: "
                    + e.getMessage() + "; QEMU's last output: " + failed.lastOutput(), e);
        }
    }

    @Override
    public synchronized void powerOff() {
        console.detach();
        if (qmp != null) {
            qmp.close();
            qmp = null;
        }
        if (qmpSocket != null) {
            try {
                Files.deleteIfExists(qmpSocket);
            } catch (IOException ignored) {
                // a stale socket file in the temp directory is harmless
            }
            qmpSocket = null;
        }
        if (qemu != null) {
            qemu.stop();
            qemu = null;
        }
    }

    @Override
    public dev.hilfarm.harness.console.Console console() {
        return console;
    }

    /** The running QEMU process, for diagnostics and tests (null when off). */
    public synchronized QemuProcess process() {
        return qemu;
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("board", board.name());
        d.put("target", "qemu");
        d.put("qemu machine", board.qemu().orElseThrow().machine());
        if (bootloader != null) {
            d.put("bootloader", bootloader.toString());
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
