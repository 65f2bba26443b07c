package dev.hilfarm.suites.userland;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hilfarm.harness.console.CommandResult;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.junit.BoardTest;
import dev.hilfarm.harness.strategy.BootState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The busybox userland of the test initramfs doing real work: pipes, floating point in awk,
 * sorting, compression, checksums, dc and shell arithmetic. The expected outputs are what the
 * same busybox prints on QEMU; where Java can compute the answer it does, so a wrong result
 * cannot hide behind a constant. On the emulator this exercises Thumb-2, VFP, exclusives and the
 * page-fault path of a real user space.
 */
@Tag("userland")
@DisplayName("userland")
@BoardTest(state = BootState.SHELL)
class UserlandTest {
    private static final Duration COMMAND = Duration.ofSeconds(60);

    /** The bytes {@code seq 1 N} prints. */
    private static String seq(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(Integer::toString).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String digest(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String output(Console console, String command) {
        CommandResult result = console.run(command, COMMAND);
        assertEquals(0, result.exitStatus(), "exit status of: " + command + "\n" + result.output());
        return result.output().strip();
    }

    @Test
    @DisplayName("a pipeline of seq, grep, sort, head and wc")
    void pipeline(Console console) {
        String expectedCount = Long.toString(IntStream.rangeClosed(1, 5000).filter(i -> Integer.toString(i).contains("7")).count());
        assertEquals(expectedCount, output(console, "seq 1 5000 | grep 7 | wc -l"));
        String expectedTop = IntStream.rangeClosed(1, 5000).mapToObj(Integer::toString).filter(s -> s.contains("7"))
                .sorted(java.util.Comparator.reverseOrder()).limit(3).collect(Collectors.joining(" "));
        assertEquals(expectedTop, output(console, "seq 1 5000 | grep 7 | sort -r | head -n 3 | tr '\\n' ' '"));
    }

    @Test
    @DisplayName("awk floating point")
    void awkFloatingPoint(Console console) {
        double harmonic = 0;
        for (int i = 1; i <= 1000; i++) {
            harmonic += 1.0 / i;
        }
        String printed = output(console,
                "awk 'BEGIN { s = 0; for (i = 1; i <= 1000; i++) s += 1 / i; printf \"%.17e\\n\", s }'");
        assertEquals(harmonic, Double.parseDouble(printed), 0.0, "harmonic sum H(1000), bit for bit (17 digits round-trip): " + printed);
        // Debian's busybox-static awk has no libm functions (sqrt, exp: "Math support is not
        // compiled in"), so this sticks to what it has: arithmetic, conversions and printf.
        assertEquals("0.333333 0.3 -3.5 -3 3.14286 1e+300",
                output(console, "awk 'BEGIN { print 1 / 3, 0.1 + 0.2, -7 / 2, int(-3.7), 22 / 7, 1e299 * 10 }'"));
        assertEquals("0.1428571429 6.022141e+23 1.5e-05 inf",
                output(console, "awk 'BEGIN { printf \"%.10f %e %g %f\\n\", 1 / 7, 6.02214076e23, 0.000015, 1e300 * 1e300 }'"));
    }

    @Test
    @DisplayName("sort: numeric, reverse, unique, by key")
    void sorting(Console console) {
        assertEquals("-5 3.5 9 10 100", output(console, "printf '%s\\n' 10 9 100 -5 3.5 | sort -n | tr '\\n' ' '"));
        assertEquals("a b c", output(console, "printf '%s\\n' b a c a b | sort -u | tr '\\n' ' '"));
        assertEquals("carol:1 bob:2 alice:3",
                output(console, "printf '%s\\n' alice:3 bob:2 carol:1 | sort -t: -k2,2n | tr '\\n' ' '"));
    }

    @Test
    @DisplayName("gzip and bzip2 round trips")
    void compression(Console console) throws Exception {
        String numbers = seq(20000);
        output(console, "seq 1 20000 > /tmp/n && gzip -9 < /tmp/n > /tmp/n.gz && bzip2 -9 < /tmp/n > /tmp/n.bz2");
        assertEquals(Integer.toString(numbers.length()), output(console, "wc -c < /tmp/n"));
        assertEquals("", output(console, "gzip -dc /tmp/n.gz | cmp - /tmp/n && bzip2 -dc /tmp/n.bz2 | cmp - /tmp/n"));
        String md5 = digest("MD5", numbers);
        assertEquals(md5 + "  -", output(console, "gzip -dc /tmp/n.gz | md5sum"));
        assertEquals(md5 + "  -", output(console, "bzip2 -dc /tmp/n.bz2 | md5sum"));
        // The compressed bytes themselves are deterministic: the same on every target.
        assertEquals(COMPRESSED, output(console, "wc -c < /tmp/n.gz; wc -c < /tmp/n.bz2; md5sum < /tmp/n.gz; md5sum < /tmp/n.bz2"));
    }

    private static final String COMPRESSED = String.join("\n", "45004", "25147",
            "d7f458b16ad330fe5d03637c1f694f16  -", "fe8d7faceb4ec63e76b0a6622aa1b2f6  -");

    @Test
    @DisplayName("md5sum and sha256sum")
    void checksums(Console console) throws Exception {
        String numbers = seq(3000);
        assertEquals(digest("MD5", numbers) + "  -", output(console, "seq 1 3000 | md5sum"));
        assertEquals(digest("SHA-256", numbers) + "  -", output(console, "seq 1 3000 | sha256sum"));
        assertEquals(digest("SHA-1", numbers) + "  -", output(console, "seq 1 3000 | sha1sum"));
    }

    @Test
    @DisplayName("dc arbitrary precision")
    void dc(Console console) {
        assertEquals("18446744073709551616\n2\n.3333333333",
                output(console, "echo '2 64 ^ p 7 3 / p 10 k 1 3 / p' | dc").replace("\r", ""));
    }

    @Test
    @DisplayName("shell arithmetic")
    void shellArithmetic(Console console) {
        assertEquals("2147483647 -3 -1 2147483648 81 -2147483648",
                output(console, "echo $(( (1 << 31) - 1 )) $(( -7 / 2 )) $(( -7 % 2 )) $(( 0x7fffffff + 1 ))"
                        + " $(( 3 * (4 + 5) ** 2 / 3 )) $(( -(1 << 31) ))"));
    }
}
