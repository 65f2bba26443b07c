package dev.hilfarm.suites.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.junit.BoardTest;
import dev.hilfarm.harness.strategy.BootState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The smoke suite: a booted Linux answers at its shell, on whatever target the run chose, and what it
 * reports about itself matches the board profile.
 */
@Tag("smoke")
@DisplayName("smoke")
@BoardTest(state = BootState.SHELL)
class SmokeTest {
    private static final Duration COMMAND = Duration.ofSeconds(30);

    @Test
    // "health": this and failingCommandReturnsNonZero are the farm's health check (hil run health):
    // boot to shell, a command round trip, exit statuses. Quick, and they fail only if the board does.
    @Tag("health")
    @DisplayName("kernel is Linux on armv7l")
    void kernelIsLinuxOnArmv7(Console console) {
        CommandResult uname = console.run("uname -s -m", COMMAND);
        assertEquals(0, uname.exitStatus());
        assertEquals("Linux armv7l", uname.output().strip());
        CommandResult release = console.run("uname -r", COMMAND);
        assertTrue(release.output().strip().matches("\\d+\\.\\d+\\.\\d+.*"), "kernel release: " + release.output());
    }

    @Test
    @DisplayName("CPU in /proc/cpuinfo matches the profile")
    void cpuMatchesProfile(Console console, BoardProfile board) {
        String cpuinfo = console.run("cat /proc/cpuinfo", COMMAND).output();
        assertEquals("0x41", field(cpuinfo, "CPU implementer"), "ARM Ltd. implementer");
        assertEquals(String.format("0x%03x", board.cpu().model().partNumber()), field(cpuinfo, "CPU part"),
                "CPU part of " + board.cpu().model().id());
        assertEquals("7", field(cpuinfo, "CPU architecture"));
    }

    @Test
    @DisplayName("memory size matches the profile")
    void memoryMatchesProfile(Console console, BoardProfile board) {
        String meminfo = console.run("cat /proc/meminfo", COMMAND).output();
        long totalKiB = Long.parseLong(field(meminfo, "MemTotal").replace("kB", "").strip());
        long profileKiB = board.ram().size() >> 10;
        // MemTotal excludes the kernel image and early reservations: a few percent of RAM.
        assertTrue(totalKiB <= profileKiB && totalKiB >= profileKiB * 9 / 10,
                "MemTotal " + totalKiB + " kB for a " + (profileKiB >> 10) + " MiB board");
    }

    @Test
    @DisplayName("console UART's interrupt is in /proc/interrupts")
    void consoleUartInterruptIsRegistered(Console console, BoardProfile board) {
        List<String> lines = console.run("cat /proc/interrupts", COMMAND).output().lines().toList();
        String irq = String.valueOf(board.console().irq());
        Pattern uart = Pattern.compile("(?i)uart|serial|tty|pl011");
        boolean found = lines.stream().anyMatch(line -> List.of(line.strip().split("\\s+")).contains(irq)
                && uart.matcher(line).find());
        assertTrue(found, "no UART line with interrupt " + irq + " in:\n" + String.join("\n", lines));
        // The console has been talking, so its interrupt count cannot be zero.
        String uartLine = lines.stream().filter(l -> uart.matcher(l).find()).findFirst().orElseThrow();
        long count = Long.parseLong(uartLine.strip().split("\\s+")[1]);
        assertTrue(count > 0, "UART interrupt count: " + uartLine);
    }

    @Test
    @DisplayName("a file written and read back has the same checksum")
    void fileRoundTrip(Console console) throws Exception {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            content.append(String.format("hilfarm line %03d %08x%n", i, i * 2654435761L & 0xffffffffL));
        }
        String[] lines = content.toString().split("\n");
        assertEquals(0, console.run("rm -f /tmp/roundtrip && : > /tmp/roundtrip", COMMAND).exitStatus());
        for (int i = 0; i < lines.length; i += 3) {
            StringBuilder cmd = new StringBuilder("printf '%s\\n'");
            for (int j = i; j < Math.min(i + 3, lines.length); j++) {
                cmd.append(" '").append(lines[j]).append('\'');
            }
            cmd.append(" >> /tmp/roundtrip");
            assertEquals(0, console.run(cmd.toString(), COMMAND).exitStatus());
        }
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.toString().getBytes(StandardCharsets.UTF_8)));
        String onBoard = console.run("sync && sha256sum /tmp/roundtrip", COMMAND).output().strip().split("\\s+")[0];
        assertEquals(expected, onBoard, "sha256 on the board vs. what was sent");
        assertEquals(content.toString().strip(), console.run("cat /tmp/roundtrip", COMMAND).output().strip());
    }

    @Test
    @Tag("health") // see kernelIsLinuxOnArmv7
    @DisplayName("a failing command returns a non-zero status")
    void failingCommandReturnsNonZero(Console console) {
        assertEquals(1, console.run("false", COMMAND).exitStatus());
        CommandResult missing = console.run("ls /no/such/file", COMMAND);
        assertNotEquals(0, missing.exitStatus());
        assertTrue(missing.output().contains("No such file"), missing.output());
        assertEquals(0, console.run("true", COMMAND).exitStatus());
    }

    private static String field(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s*:\\s*(.+)$").matcher(text);
        assertTrue(m.find(), name + " not found in:\n" + text);
        return m.group(1).strip();
    }
}
