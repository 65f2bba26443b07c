package dev.hilfarm.harness.target;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.exec.HostCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No QEMU outlives the JVM that started it: a child JVM (same java binary, same class path) powers
 * on a QemuTarget and is then killed. SIGKILL runs no Java code at all, so only the kernel's parent
 * death signal (setpriv --pdeathsig) can stop QEMU. SIGINT (Ctrl-C) runs the JVM's shutdown hooks;
 * to prove that the hook alone stops QEMU, that child runs with a PATH offering qemu-system-arm but
 * no setpriv, so QemuProcess cannot arm the parent-death signal there.
 */
@Tag("qemu")
class QemuNoOrphansTest {
    /** Bounds on waits, far above what they take (a JVM start plus a QEMU start, a signal delivery). */
    private static final Duration CHILD_START = Duration.ofSeconds(90);
    private static final Duration GONE = Duration.ofSeconds(20);
    /** The child gives up on its own after this, so a failed test leaves nothing behind for long. */
    private static final long CHILD_LIFETIME_SECONDS = 180;

    @TempDir
    Path work;

    private Process child;
    private long qemuPid = -1;

    @AfterEach
    void cleanUp() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (qemuPid > 0) {
            ProcessHandle.of(qemuPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void sigkillOfTheJvmTakesQemuWithIt() throws Exception {
        String launcher = startChild(null);
        assertEquals("setpriv", launcher, "QEMU is started through setpriv --pdeathsig KILL");
        assertTrue(running(qemuPid), "QEMU runs while its JVM does");

        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(GONE.toSeconds(), TimeUnit.SECONDS), "the child JVM was killed");

        await("QEMU (pid " + qemuPid + ") gone after SIGKILL of its JVM")
                .atMost(GONE).pollInterval(Duration.ofMillis(50))
                .until(() -> !running(qemuPid));
    }

    @Test
    void sigintOfTheJvmStopsQemuThroughTheShutdownHookAndTheJvmExits() throws Exception {
        Path bin = Files.createDirectories(work.resolve("bin-without-setpriv"));
        Path qemu = HostCommand.ToolLocator.find(QemuProcess.BINARY).orElseThrow();
        Files.createSymbolicLink(bin.resolve(QemuProcess.BINARY), qemu);
        String launcher = startChild(bin.toString());
        assertEquals(QemuProcess.BINARY, launcher, "precondition: no setpriv on the child's PATH (" + bin
                + ":/usr/sbin:/sbin), so only the shutdown hook can stop QEMU");
        assertTrue(running(qemuPid), "QEMU runs while its JVM does");

        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(GONE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue(), "kill -INT " + child.pid());

        assertTrue(child.waitFor(GONE.toSeconds(), TimeUnit.SECONDS), "the child JVM exits on SIGINT");
        assertEquals(128 + 2, child.exitValue(), "terminated by SIGINT (not by its own time limit); stderr: "
                + childErrors());
        await("QEMU (pid " + qemuPid + ") gone after SIGINT of its JVM")
                .atMost(GONE).pollInterval(Duration.ofMillis(50))
                .until(() -> !running(qemuPid));
    }

    /** Starts the child JVM (with {@code path} as its PATH unless null); returns QEMU's launcher program. */
    private String startChild(String path) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A JVM leaves SIGINT ignored if it inherited it ignored (a build started as a background
        // job); env resets it to the default so that the JVM installs its own handler, as under a
        // terminal. env execs java: the pid stays the child's.
        List<String> command = List.of("/usr/bin/env", "--default-signal=INT", java,
                "-cp", System.getProperty("java.class.path"),
                QemuChildMain.class.getName(), work.resolve("qemu").toString(), Long.toString(CHILD_LIFETIME_SECONDS));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(work.resolve("child.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        child = builder.start();
        CompletableFuture<Long> pid = new CompletableFuture<>();
        CompletableFuture<String> launcher = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(QemuChildMain.LAUNCHER_LINE)) {
                        launcher.complete(line.substring(QemuChildMain.LAUNCHER_LINE.length()).strip());
                    }
                    if (line.startsWith(QemuChildMain.PID_LINE)) {
                        pid.complete(Long.parseLong(line.substring(QemuChildMain.PID_LINE.length()).strip()));
                    }
                }
                pid.completeExceptionally(new IllegalStateException("the child JVM ended without naming QEMU's pid"));
            } catch (IOException e) {
                pid.completeExceptionally(e);
            }
        }, "qemu-child stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            qemuPid = pid.get(CHILD_START.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the child JVM did not power on QEMU: " + e + "; its stderr: " + childErrors(), e);
        }
        assertTrue(qemuPid > 0, "QEMU's pid as the child saw it; stderr: " + childErrors());
        return launcher.getNow("(not reported)");
    }

    private String childErrors() {
        try {
            return Files.readString(work.resolve("child.err"));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /**
     * Whether the process runs. A killed process whose new parent (init, after its JVM died) has not
     * reaped it yet is a zombie: dead, holding nothing, but still listed.
     */
    static boolean running(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return false;
        }
        char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
        return state != 'Z' && state != 'X';
    }
}
