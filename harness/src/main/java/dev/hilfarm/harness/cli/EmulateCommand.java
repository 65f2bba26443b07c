package dev.hilfarm.harness.cli;

import dev.hilfarm.emulator.flash.FastbootDevice;
import dev.hilfarm.emulator.flash.FastbootTcpServer;
import dev.hilfarm.emulator.flash.FastbootUdpServer;
import dev.hilfarm.emulator.flash.StorageRegion;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.boot.KernelBoot;
import dev.hilfarm.emulator.debug.GdbServer;
import dev.hilfarm.emulator.debug.InstructionTrail;
import dev.hilfarm.emulator.debug.TraceLog;
import dev.hilfarm.emulator.debug.VexpressDebugTarget;
import dev.hilfarm.emulator.device.ConsoleUart;
import dev.hilfarm.emulator.machine.EmulatedBoard;
import dev.hilfarm.emulator.machine.Machine;
import dev.hilfarm.emulator.machine.MachineOptions;
import dev.hilfarm.emulator.machine.RunResult;
import dev.hilfarm.emulator.pty.UartPtyBridge;
import dev.hilfarm.emulator.system.ArmSemihosting;
import dev.hilfarm.emulator.system.Cp15;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hil emulate}: runs an image on hilfarm's in-JVM emulator, with options named as QEMU
 * names them. Exits with the guest's semihosting exit status, 0 when the guest powers the board
 * off, and 2 with a message naming PC and mode when it runs past {@code --timeout} or the emulator
 * fails.
 */
@Command(name = "emulate", description = "Run an image on hilfarm's in-JVM ARMv7-A emulator")
final class EmulateCommand implements Callable<Integer> {
    @Option(names = "--board", defaultValue = "vexpress-a9",
            description = "board profile: vexpress-a9 or cubieboard (default: ${DEFAULT-VALUE})")
    String board;

    @Option(names = "--kernel", required = true,
            description = "image to run: an ARM ELF (started at its entry), or a Linux zImage booted as QEMU's -kernel does")
    Path kernel;

    @Option(names = "--dtb", description = "device tree blob for a Linux kernel")
    Path dtb;

    @Option(names = "--initrd", description = "initial ramdisk for a Linux kernel")
    Path initrd;

    @Option(names = "--append", defaultValue = "", description = "kernel command line")
    String append;

    @Option(names = "--semihosting", description = "enable ARM semihosting (console on stdout), as QEMU's -semihosting")
    boolean semihosting;

    @Option(names = "--serial", defaultValue = "stdio", description = "console UART: stdio, pty or tcp:PORT (default: ${DEFAULT-VALUE})")
    String serial;

    @Option(names = "--timeout", defaultValue = "0", description = "stop after this long (e.g. 30s, 5m; 0 = never)")
    String timeout;

    @Option(names = "--stats", description = "print instructions executed and MIPS at the end")
    boolean stats;

    @Option(names = "--gdb", paramLabel = "PORT",
            description = "wait for gdb on 127.0.0.1:PORT before running (as QEMU's -gdb tcp::PORT -S)")
    Integer gdbPort;

    @Option(names = "--trace", paramLabel = "LIST",
            description = "log exceptions, mmu (faults with status and address), devices (register and unmapped"
                    + " accesses): any of them, comma-separated; to --trace-file or stderr")
    String trace;

    @Option(names = "--trace-file", paramLabel = "FILE", description = "where --trace writes (default: stderr)")
    Path traceFile;

    @Option(names = "--trail-file", paramLabel = "FILE",
            description = "where the last instructions are saved after a timeout, an emulator fault or a kernel panic"
                    + " (default: a file in the temporary directory, named in the message)")
    Path trailFile;

    @Option(names = "--wall-clock", description = "keep virtual time in step with the host's clock instead of the instruction count")
    boolean wallClock;

    @Option(names = {"--sd", "-sd"}, paramLabel = "FILE",
            description = "SD card image in the MMCI slot, as QEMU's -sd (size a power of two; writes go to the file)")
    Path sdCard;

    @Option(names = {"--pflash", "-pflash"}, paramLabel = "FILE",
            description = "NOR flash image, exactly 64 MiB; the first is flash 0 (also at address 0), a second flash 1,"
                    + " as QEMU's -pflash repeated; programs and erases are written to the file")
    List<Path> flashImages = new ArrayList<>();

    @Option(names = "--fastboot", paramLabel = "tcp:PORT|udp:PORT", description = "serve fastboot on TCP or UDP port PORT of"
            + " 127.0.0.1 while the board runs (fastboot -s tcp:127.0.0.1:PORT or udp:127.0.0.1:PORT, or hil flash --target"
            + " tcp:127.0.0.1:PORT); partitions: sd (the --sd card), flash0 and flash1 (the --pflash files); 0 picks a free port")
    String fastboot;

    /** The storage options on top of {@code options}. */
    private MachineOptions withStorage(MachineOptions options) {
        return options.withSdCard(sdCard).withFlashImages(flashImages);
    }

    @Override
    public Integer call() throws Exception {
        BoardProfile profile = BoardProfiles.standard().get(board);
        if (!Files.isRegularFile(kernel)) {
            throw new IllegalArgumentException("image not found: " + kernel);
        }
        Duration limit = parseDuration(timeout);
        OutputStream stdout = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 14);
        if (gdbPort != null) {
            return runUnderGdb(profile, stdout);
        }
        MachineOptions options = withStorage(MachineOptions.defaults().withSyncToWallClock(wallClock)
                .withWaitForInput(true));
        try (EmulatedBoard emulated = EmulatedBoard.create(profile, options, semihosting ? stdout : null);
             AutoCloseable fastbootServer = serveFastboot(profile);
             AutoCloseable traceOut = installTrace(emulated.machine());
             AutoCloseable console = connectConsole(emulated.machine().console(), stdout,
                     () -> System.err.println("hil: kernel panic at instruction " + emulated.machine().cpu().instructionsRetired()
                             + "; last instructions in " + saveTrail(emulated.machine())))) {
            load(emulated.machine());
            long start = System.nanoTime();
            emulated.start();
            EmulatedBoard.Exit exit = emulated.await(limit.isZero() ? Duration.ofDays(3650) : limit);
            double seconds = (System.nanoTime() - start) / 1e9;
            stdout.flush();
            if (stats) {
                long executed = emulated.machine().cpu().instructionsExecuted();
                System.err.printf(Locale.ROOT, "hil: %d instructions in %.3f s: %.1f MIPS (virtual time %.3f s)%n",
                        executed, seconds, executed / seconds / 1e6, emulated.machine().clock().nanos() / 1e9);
            }
            return switch (exit.kind()) {
                case SEMIHOSTING_EXIT -> exit.status();
                case POWER_OFF -> 0;
                case STOPPED, IDLE -> {
                    System.err.println("hil: guest stopped " + exit.detail());
                    yield Hil.EXIT_INFRASTRUCTURE;
                }
                case TIMEOUT, CRASH -> throw new InfrastructureException(exit.detail() + "; last instructions in "
                        + saveTrail(emulated.machine()));
            };
        }
    }

    /**
     * Under a debugger the guest runs on this thread, driven by the GDB session; after gdb detaches
     * it runs on to its end, like QEMU after a debugger leaves.
     */
    private int runUnderGdb(BoardProfile profile, OutputStream stdout) throws Exception {
        Machine machine = Machine.create(profile, withStorage(MachineOptions.defaults().withSyncToWallClock(wallClock)));
        VexpressDebugTarget target = new VexpressDebugTarget(machine);
        if (semihosting) {
            machine.cpu().semihosting = new ArmSemihosting(machine.bus(), stdout, stdout, target);
        }
        try (AutoCloseable console = connectConsole(machine.console(), stdout);
             GdbServer server = GdbServer.open(target, gdbPort)) {
            load(machine);
            System.err.println("hil: waiting for gdb on 127.0.0.1:" + server.port() + " (gdb-multiarch: target remote :"
                    + server.port() + ")");
            server.serve();
            while (!target.guestExited()) {
                RunResult result = machine.run(Long.MAX_VALUE);
                if (result.reason() != RunResult.Reason.STOPPED || target.guestExited()) {
                    break;
                }
            }
            stdout.flush();
            if (target.failure() != null) {
                throw new InfrastructureException(target.failure());
            }
            return target.guestExitStatus();
        }
    }

    /**
     * --fastboot tcp:PORT: the emulated board's fastboot device on its own storage files. The SD
     * card model reads its file on every access, so the running board sees what is flashed at
     * once; NOR flash contents are read at power-on.
     */
    private AutoCloseable serveFastboot(BoardProfile profile) throws IOException {
        if (fastboot == null) {
            return () -> { };
        }
        if (!fastboot.matches("(tcp|udp):\\d{1,5}")) {
            throw new IllegalArgumentException("--fastboot " + fastboot + ": expected tcp:PORT or udp:PORT");
        }
        List<StorageRegion> regions = new ArrayList<>();
        if (sdCard != null) {
            regions.add(new StorageRegion("sd", sdCard, 0, Files.size(sdCard)));
        }
        for (int i = 0; i < flashImages.size(); i++) {
            regions.add(new StorageRegion("flash" + i, flashImages.get(i), 0, Files.size(flashImages.get(i))));
        }
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("--fastboot needs storage to write: give --sd and/or --pflash");
        }
        FastbootDevice device = new FastbootDevice(profile.name(), "EMULATED", 64 << 20, regions, new FastbootDevice.Listener() { });
        int port = Integer.parseInt(fastboot.substring(4));
        String partitions = " (partitions: " + String.join(", ", regions.stream().map(StorageRegion::name).toList()) + ")";
        if (fastboot.startsWith("udp:")) {
            FastbootUdpServer server = FastbootUdpServer.start(device, port, message -> System.err.println("hil: " + message));
            System.err.println("hil: fastboot on udp:127.0.0.1:" + server.port() + partitions);
            return server;
        }
        FastbootTcpServer server = FastbootTcpServer.start(device, port, message -> System.err.println("hil: fastboot: " + message));
        System.err.println("hil: fastboot on tcp:127.0.0.1:" + server.port() + partitions);
        return server;
    }

    /** Installs --trace on the machine; closing it flushes the trace file. */
    private AutoCloseable installTrace(Machine machine) throws IOException {
        if (trace == null) {
            return () -> { };
        }
        Set<TraceLog.Category> categories = TraceLog.Category.parseList(trace);
        PrintStream out = traceFile == null ? System.err
                : new PrintStream(new BufferedOutputStream(Files.newOutputStream(traceFile), 1 << 16), false, StandardCharsets.UTF_8);
        Cp15 cp15 = machine.cpu().coprocessors[15] instanceof Cp15 c ? c : null;
        TraceLog.install(categories, machine.cpu(), cp15, machine.bus(), out);
        return () -> {
            out.flush();
            if (out != System.err) {
                out.close();
            }
        };
    }

    /** Writes the instruction trail and registers; answers where (or why it could not). */
    private String saveTrail(Machine machine) {
        try {
            Path file = trailFile != null ? trailFile
                    : Files.createTempFile("hil-emulate-" + ProcessHandle.current().pid() + "-", "-trail.txt");
            Files.writeString(file, InstructionTrail.describe(machine.cpu(), machine.bus(), machine.cpu().recent, 256));
            return file.toString();
        } catch (IOException | RuntimeException e) {
            return "(not saved: " + e.getMessage() + ")";
        }
    }

    private void load(Machine machine) throws IOException {
        for (Path p : new Path[] {dtb, initrd}) {
            if (p != null && !Files.isRegularFile(p)) {
                throw new IllegalArgumentException("image not found: " + p);
            }
        }
        KernelBoot.Loaded loaded = KernelBoot.load(machine, kernel, Optional.ofNullable(dtb), Optional.ofNullable(initrd),
                append);
        loaded.warnings().forEach(w -> System.err.println("hil: " + w));
    }

    private AutoCloseable connectConsole(ConsoleUart uart, OutputStream stdout) throws IOException {
        return connectConsole(uart, stdout, () -> { });
    }

    private AutoCloseable connectConsole(ConsoleUart uart, OutputStream stdout, Runnable onPanic) throws IOException {
        if (serial.equals("stdio")) {
            uart.output(new PanicWatch(value -> {
                try {
                    stdout.write(value);
                    if (value == '\n') {
                        stdout.flush();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, onPanic));
            Thread input = daemon("console input", () -> forward(System.in, uart));
            input.start();
            return () -> { };
        }
        if (serial.equals("pty")) {
            UartPtyBridge bridge = UartPtyBridge.open(uart);
            System.err.println("hil: console UART on " + bridge.devicePath());
            return bridge;
        }
        Matcher tcp = Pattern.compile("tcp:(\\d{1,5})").matcher(serial);
        if (tcp.matches()) {
            ServerSocket server = new ServerSocket(Integer.parseInt(tcp.group(1)), 1, InetAddress.getLoopbackAddress());
            System.err.println("hil: console UART on tcp:127.0.0.1:" + server.getLocalPort() + " (waiting for a client)");
            Socket client = server.accept();
            OutputStream out = client.getOutputStream();
            uart.output(value -> {
                try {
                    out.write(value);
                } catch (IOException e) {
                    // client went away; the guest keeps running
                }
            });
            daemon("console input", () -> {
                try {
                    forward(client.getInputStream(), uart);
                } catch (IOException ignored) {
                    // client went away
                }
            }).start();
            return () -> {
                client.close();
                server.close();
            };
        }
        throw new IllegalArgumentException("--serial " + serial + ": expected stdio, pty or tcp:PORT");
    }

    private static void forward(InputStream in, ConsoleUart uart) {
        byte[] buffer = new byte[256];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    uart.receive(buffer[i]);
                }
            }
        } catch (IOException ignored) {
            // input closed
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /** 30s, 5m, 250ms, 2h or a plain number of seconds. */
    static Duration parseDuration(String text) {
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("--timeout " + text + ": expected a duration like 30s, 5m or 250ms");
        }
        long v = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(v);
            case "m" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofSeconds(v);
        };
    }
}
