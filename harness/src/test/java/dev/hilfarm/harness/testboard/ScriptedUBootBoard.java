package dev.hilfarm.harness.testboard;

import dev.hilfarm.emulator.pty.PseudoTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A board with U-Boot and a Linux shell, scripted in Java, behind the slave of a real
 * pseudo-terminal ({@link #devicePath()}), which a console opens with jSerialComm exactly as it
 * opens a USB serial adapter.
 *
 * <p>Powered on, it prints a U-Boot banner and the {@code Hit any key to stop autoboot:  3}
 * countdown; any key stops it at the {@code => } prompt (without a key it autoboots). At the prompt
 * {@code run bootcmd} (or {@code boot}) prints kernel boot lines and then the {@value #SHELL_PROMPT}
 * prompt. The shell echoes what is typed (as a serial getty's tty does), ends lines with CRLF and
 * understands the begin/end marker {@code printf} line that {@code SerialConsole.run} wraps a
 * command in, plus a handful of commands: {@code true}, {@code false}, {@code uname [-m|-s|-r]},
 * {@code echo ...}; {@code echo c > /proc/sysrq-trigger} panics the kernel as Linux 6.1 does and
 * leaves the board dead until it is power-cycled; {@link #PROVOKE_OOPS} makes the kernel print a
 * multi-line oops (several lines that are death patterns, a few milliseconds apart, as a UART
 * delivers them) and kills only the shell's child. Anything else is "not found" with status 127.
 *
 * <p>{@link Behaviour} scripts what goes wrong: a U-Boot that never shows the autoboot message, a
 * kernel that panics during boot. Keys typed while the board is off are lost, as on real hardware.
 * {@link #powerUps()} counts how often power was actually applied.
 */
public final class ScriptedUBootBoard implements AutoCloseable {
    public static final String UBOOT_PROMPT = "=> ";
    public static final String AUTOBOOT_MESSAGE = "Hit any key to stop autoboot";
    public static final String SHELL_PROMPT = "hilfarm:/# ";
    public static final String BANNER = "U-Boot 2024.01-hilfarm (Jan 08 2024 - 12:00:00 +0000)";

    /** What goes wrong on this board. */
    public enum Behaviour {
        NORMAL,
        /** U-Boot prints its banner, then hangs before the autoboot countdown (bad environment). */
        NO_AUTOBOOT_MESSAGE,
        /** The kernel panics while booting: it cannot mount its root file system. */
        KERNEL_PANIC
    }

    /** Where the board is; the test's view from the board's side. */
    public enum Stage { OFF, UBOOT_STARTING, AUTOBOOT_COUNTDOWN, UBOOT_PROMPT, LINUX_BOOTING, SHELL, DEAD }

    /** The exact line {@code SerialConsole.run} types: see CommandMarkers.wrap. Groups: begin id, body, end id. */
    private static final Pattern MARKED = Pattern.compile(
            Pattern.quote("printf '%s%s\\n' __HIL _B") + "([A-Za-z0-9]+)" + Pattern.quote("; ")
                    + "(.*?);? " + Pattern.quote("printf '\\n%s%s_%d\\n' __HIL _E") + "([A-Za-z0-9]+)"
                    + Pattern.quote(" $?"));
    /** The shell command that oopses the kernel (lkdtm); the board survives it. */
    public static final String PROVOKE_OOPS = "echo NULL_DEREFERENCE > /sys/kernel/debug/provoke-crash/DIRECT";
    private static final int COUNTDOWN_FROM = 3;
    private static final long STOP_MILLIS = 5_000;

    private final PseudoTerminal uart;
    private final OutputStream transmit;
    private final Thread keyboard;
    private final Duration countdownTick;
    private final Duration lineDelay;
    private final BlockingQueue<Integer> keys = new LinkedBlockingQueue<>();
    private final StringBuilder typed = new StringBuilder();
    private final AtomicInteger powerUps = new AtomicInteger();
    private final AtomicInteger commandsRun = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private volatile Stage stage = Stage.OFF;
    private Thread firmware;

    private ScriptedUBootBoard(PseudoTerminal uart, Duration countdownTick, Duration lineDelay) {
        this.uart = uart;
        this.transmit = uart.masterOutput();
        this.countdownTick = countdownTick;
        this.lineDelay = lineDelay;
        this.keyboard = new Thread(this::receiveKeys, "scripted-uboot keyboard " + uart.slavePath());
        this.keyboard.setDaemon(true);
    }

    /** A board that is off; its countdown ticks every {@code countdownTick}, boot lines come {@code lineDelay} apart. */
    public static ScriptedUBootBoard create(Duration countdownTick, Duration lineDelay) {
        try {
            ScriptedUBootBoard board = new ScriptedUBootBoard(PseudoTerminal.open(), countdownTick, lineDelay);
            board.keyboard.start();
            return board;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scripted board's pseudo-terminal", e);
        }
    }

    public static ScriptedUBootBoard create() {
        // U-Boot counts down in seconds: the boot strategy has three of them to press a key, even on a loaded host.
        return create(Duration.ofSeconds(1), Duration.ofMillis(5));
    }

    /** The serial device of the board's console UART, e.g. /dev/pts/7. */
    public String devicePath() {
        return uart.slavePath();
    }

    /** Changes what the board does from its next power-up on. */
    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public Stage stage() {
        return stage;
    }

    /** How often power was applied to a board that was off. */
    public int powerUps() {
        return powerUps.get();
    }

    /** Shell command lines the board has executed (marker-wrapped ones count once). */
    public int commandsRun() {
        return commandsRun.get();
    }

    /** Every key that reached the board while it was powered. */
    public String typed() {
        synchronized (typed) {
            return typed.toString();
        }
    }

    /** Applies power; does nothing if the board is on. */
    public synchronized void powerOn() {
        if (firmware != null) {
            return;
        }
        powerUps.incrementAndGet();
        keys.clear();
        stage = Stage.UBOOT_STARTING;
        firmware = new Thread(this::runFirmware, "scripted-uboot firmware " + uart.slavePath());
        firmware.setDaemon(true);
        firmware.start();
    }

    /** Removes power: the board stops at once, whatever it was doing. Idempotent. */
    public synchronized void powerOff() {
        Thread running = firmware;
        firmware = null;
        stage = Stage.OFF;
        if (running != null) {
            running.interrupt();
            try {
                running.join(STOP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (running.isAlive()) {
                throw new IllegalStateException("the scripted board's firmware thread did not stop");
            }
        }
        stage = Stage.OFF;
        keys.clear();
    }

    @Override
    public void close() {
        powerOff();
        uart.close();
    }

    // ---- the firmware, on its own thread for one power-up ----

    private void runFirmware() {
        try {
            uBoot();
        } catch (InterruptedException e) {
            // power removed
        } catch (UncheckedIOException e) {
            // the UART was closed under the board
        }
    }

    private void uBoot() throws InterruptedException {
        line("");
        line(BANNER);
        line("");
        line("DRAM:  256 MiB");
        line("Core:  25 devices, 14 uclasses, devicetree: embed");
        line("MMC:   mmci@5000: 0");
        line("Loading Environment from MMC... OK");
        if (behaviour == Behaviour.NO_AUTOBOOT_MESSAGE) {
            stage = Stage.DEAD;
            line("*** Warning - bad CRC, using default environment");
            deadUntilPowerOff();
            return;
        }
        line("In:    serial");
        line("Out:   serial");
        line("Err:   serial");
        line("Net:   No ethernet found.");
        stage = Stage.AUTOBOOT_COUNTDOWN;
        boolean stopped = false;
        for (int n = COUNTDOWN_FROM; n > 0 && !stopped; n--) {
            // U-Boot redraws the count in place; the console normalises the lone CR into a new line.
            print((n == COUNTDOWN_FROM ? "" : "\r") + AUTOBOOT_MESSAGE + ": " + String.format("%2d ", n));
            stopped = keys.poll(countdownTick.toNanos(), TimeUnit.NANOSECONDS) != null;
        }
        if (!stopped) {
            print("\r\n");
            bootLinux();
            return;
        }
        stage = Stage.UBOOT_PROMPT;
        print("\r\n" + UBOOT_PROMPT);
        StringBuilder line = new StringBuilder();
        while (true) {
            int key = keys.take();
            if (key == 0x03) {
                print("<INTERRUPT>\r\n" + UBOOT_PROMPT);
                line.setLength(0);
            } else if (key == '\r' || key == '\n') {
                print("\r\n");
                String command = line.toString().strip();
                line.setLength(0);
                if (command.equals("run bootcmd") || command.equals("boot")) {
                    bootLinux();
                    return;
                }
                if (!command.isEmpty()) {
                    print("Unknown command '" + command.split("\\s+")[0] + "' - try 'help'\r\n");
                }
                print(UBOOT_PROMPT);
            } else {
                line.append((char) key);
                print(String.valueOf((char) key));
            }
        }
    }

    private void bootLinux() throws InterruptedException {
        stage = Stage.LINUX_BOOTING;
        line("switch to partitions #0, OK");
        line("mmc0 is current device");
        line("## Booting kernel from Legacy Image at 82000000 ...");
        line("## Flattened Device Tree blob at 88000000");
        line("   Loading Device Tree to 8fff4000, end 8ffff7ff ... OK");
        line("");
        line("Starting kernel ...");
        line("");
        kernel("    0.000000", "Booting Linux on physical CPU 0x0");
        kernel("    0.000000", "Linux version 6.1.0-hilfarm-armmp (fake@hilfarm) #1 SMP Debian 6.1.0-1 (2024-01-08)");
        kernel("    0.000000", "CPU: ARMv7 Processor [413fc090] revision 0 (ARMv7), cr=10c5387d");
        kernel("    0.912345", "mmci-pl18x 10005000.mmci: mmc0: PL180 manf 41 rev0 at 0x10005000 irq 41,42 (pio)");
        if (behaviour == Behaviour.KERNEL_PANIC) {
            stage = Stage.DEAD;
            kernel("    1.234500", "VFS: Cannot open root device \"mmcblk0p2\" or unknown-block(0,0): error -6");
            kernel("    1.234567", "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)");
            kernel("    1.234600", "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-hilfarm-armmp #1");
            kernel("    1.234700", "---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0) ]---");
            deadUntilPowerOff();
            return;
        }
        kernel("    1.500000", "Freeing unused kernel image (initmem) memory: 1024K");
        kernel("    1.600000", "Run /init as init process");
        stage = Stage.SHELL;
        print("\r\n" + SHELL_PROMPT);
        shell();
    }

    private void shell() throws InterruptedException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int key = keys.take();
            if (key == 0x03) {
                print("^C\r\n" + SHELL_PROMPT);
                line.setLength(0);
                continue;
            }
            if (key != '\r' && key != '\n') {
                line.append((char) key);
                print(String.valueOf((char) key));
                continue;
            }
            print("\r\n");
            String typedLine = line.toString();
            line.setLength(0);
            if (typedLine.isBlank()) {
                print(SHELL_PROMPT);
                continue;
            }
            commandsRun.incrementAndGet();
            Matcher marked = MARKED.matcher(typedLine);
            if (marked.matches()) {
                print("__HIL_B" + marked.group(1) + "\r\n");
                Result result = execute(marked.group(2).strip());
                if (result == null) {
                    return;
                }
                print(result.output());
                print("\r\n__HIL_E" + marked.group(3) + "_" + result.status() + "\r\n");
            } else {
                Result result = execute(typedLine.strip());
                if (result == null) {
                    return;
                }
                print(result.output());
            }
            print(SHELL_PROMPT);
        }
    }

    private record Result(String output, int status) {
    }

    /** Runs one command; null when it crashed the board. */
    private Result execute(String command) throws InterruptedException {
        if (command.equals("true")) {
            return new Result("", 0);
        }
        if (command.equals("false")) {
            return new Result("", 1);
        }
        if (command.equals("uname -m")) {
            return new Result("armv7l\r\n", 0);
        }
        if (command.equals("uname") || command.equals("uname -s")) {
            return new Result("Linux\r\n", 0);
        }
        if (command.equals("uname -r")) {
            return new Result("6.1.0-hilfarm-armmp\r\n", 0);
        }
        if (command.replaceAll("\\s+", " ").equals("echo c > /proc/sysrq-trigger")) {
            crash();
            return null;
        }
        if (command.replaceAll("\\s+", " ").equals(PROVOKE_OOPS)) {
            return oops();
        }
        if (command.equals("echo")) {
            return new Result("\r\n", 0);
        }
        if (command.startsWith("echo ")) {
            return new Result(command.substring(5) + "\r\n", 0);
        }
        return new Result("sh: " + command.split("\\s+")[0] + ": not found\r\n", 127);
    }

    /** What `echo c > /proc/sysrq-trigger` makes Linux 6.1 print: sysrq's crash handler panics at once. */
    private void crash() throws InterruptedException {
        stage = Stage.DEAD;
        kernel("   42.101010", "sysrq: Trigger a crash");
        kernel("   42.101020", "Kernel panic - not syncing: sysrq triggered crash");
        kernel("   42.101030", "CPU: 0 PID: 73 Comm: sh Not tainted 6.1.0-hilfarm-armmp #1");
        kernel("   42.101040", "Hardware name: ARM-Versatile Express");
        kernel("   42.101050", "---[ end Kernel panic - not syncing: sysrq triggered crash ]---");
        deadUntilPowerOff();
    }

    /**
     * What lkdtm's NULL pointer dereference makes an ARM kernel print. The oops kills only the
     * process that triggered it; the shell reports the signal and carries on.
     */
    private Result oops() throws InterruptedException {
        kernel("   50.200000", "lkdtm: Performing direct entry NULL_DEREFERENCE");
        kernel("   50.200100", "8<--- cut here ---");
        kernel("   50.200200", "Unable to handle kernel NULL pointer dereference at virtual address 00000000 when write");
        kernel("   50.200300", "[00000000] *pgd=00000000");
        kernel("   50.200400", "Internal error: Oops: 817 [#1] SMP ARM");
        kernel("   50.200500", "CPU: 0 PID: 74 Comm: sh Not tainted 6.1.0-hilfarm-armmp #1");
        kernel("   50.200600", "PC is at lkdtm_do_action+0x10/0x1c [lkdtm]");
        kernel("   50.200700", "---[ end trace 0000000000000000 ]---");
        return new Result("Segmentation fault\r\n", 139);
    }

    /** The board no longer answers: keys are swallowed until power is removed. */
    private void deadUntilPowerOff() throws InterruptedException {
        stage = Stage.DEAD;
        while (true) {
            keys.take();
        }
    }

    private void kernel(String timestamp, String message) throws InterruptedException {
        line("[" + timestamp + "] " + message);
    }

    private void line(String text) throws InterruptedException {
        print(text + "\r\n");
        if (!lineDelay.isZero()) {
            Thread.sleep(lineDelay.toMillis());
        }
    }

    private void print(String text) {
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        try {
            transmit.write(text.getBytes(StandardCharsets.UTF_8));
            transmit.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the scripted board cannot transmit", e);
        }
    }

    private void receiveKeys() {
        InputStream in = uart.masterInput();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                if (stage == Stage.OFF) {
                    continue;
                }
                synchronized (typed) {
                    typed.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                for (int i = 0; i < n; i++) {
                    keys.add(buffer[i] & 0xff);
                }
            }
        } catch (IOException e) {
            // the board was closed
        }
    }
}
