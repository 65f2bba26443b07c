package dev.hilfarm.emulator.machine;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.emulator.boot.KernelBoot;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two boots of Debian's armmp kernel with the same images and the default virtual clock (no
 * wall-clock sync) print byte-identical console output, kernel timestamps and {@code /proc/uptime}
 * included, and retire and execute the same number of instructions: the machine reads no host
 * clock, and nothing in it depends on host threads or hash order.
 *
 * <p>Each boot runs on its own thread in slices of {@link #SLICE} instructions until the busybox
 * prompt appears, then exactly to {@link #AFTER_PROMPT} instructions past the slice in which it
 * appeared; a command is typed, and both machines run exactly {@link #AFTER_COMMAND} more. Both
 * machines are driven through the same sequence of {@code run} calls, so input arrives at the
 * same instruction on each. The images come from {@code $HIL_CACHE/images/debian-armhf} (default
 * {@code ~/.cache/hilfarm}), which {@code ./hil setup} fills.
 */
@Tag("linux")
class DeterministicBootTest {
    private static final String PROMPT = "hilfarm:/# ";
    private static final String COMMAND = "cat /proc/uptime; echo done\n";
    /** The uptime line (two decimal numbers) and then the echo's own output line. */
    private static final Pattern UPTIME_THEN_DONE = Pattern.compile("\\d+\\.\\d+ \\d+\\.\\d+\\r?\\ndone\\r?\\n");
    private static final String FIRST_TIMESTAMP = "[    0.000000] ";
    private static final long SLICE = 10_000_000L;
    /** The boot reaches the prompt after a few billion instructions; give up well past that. */
    private static final long BOOT_LIMIT = 30_000_000_000L;
    private static final long AFTER_PROMPT = 200_000_000L;
    /** One virtual second at 1 ns per instruction: ample for the echo, the command and the next prompt at 38400 baud. */
    private static final long AFTER_COMMAND = 1_000_000_000L;

    /** What one boot produced. */
    private record Boot(long promptSliceEnd, byte[] atPrompt, byte[] output, long retired, long executed, long wallMillis) {
    }

    @Test
    void twoBootsPrintTheSameBytesAndRunTheSameInstructions() throws Exception {
        Path images = imageDirectory();
        Path kernel = kernel(images);
        Path dtb = existing(images.resolve("dtbs").resolve("vexpress-v2p-ca9.dtb"));
        Path initramfs = existing(images.resolve("initramfs.cpio.gz"));

        long start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Boot first;
        Boot second;
        try {
            Future<Boot> a = threads.submit(() -> boot(kernel, dtb, initramfs));
            Future<Boot> b = threads.submit(() -> boot(kernel, dtb, initramfs));
            first = get(a);
            second = get(b);
        } finally {
            threads.shutdownNow();
        }
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("DeterministicBootTest: two boots in %d ms wall (each %d / %d ms), %d instructions retired, %d executed%n",
                wallMillis, first.wallMillis(), second.wallMillis(), first.retired(), first.executed());

        String text = new String(first.output(), StandardCharsets.ISO_8859_1);
        String atPrompt = new String(first.atPrompt(), StandardCharsets.ISO_8859_1);
        assertTrue(atPrompt.contains(FIRST_TIMESTAMP), "the kernel printed no timestamped log line; output:\n" + tail(atPrompt));
        assertTrue(atPrompt.contains(PROMPT), "no prompt before the command; output:\n" + tail(atPrompt));
        String afterCommand = text.substring(atPrompt.length());
        Matcher done = UPTIME_THEN_DONE.matcher(afterCommand);
        assertTrue(done.find(), "the typed command did not print the uptime and \"done\"; output after the prompt:\n" + afterCommand);
        assertTrue(afterCommand.indexOf(PROMPT, done.end()) >= 0, "no prompt after the command's output; output after the prompt:\n" + afterCommand);

        assertEquals(first.promptSliceEnd(), second.promptSliceEnd(), "the prompt appeared in different slices");
        assertSameBytes(first.atPrompt(), second.atPrompt(), "console output up to the command");
        assertSameBytes(first.output(), second.output(), "console output");
        assertEquals(first.retired(), second.retired(), "instructions retired");
        assertEquals(first.executed(), second.executed(), "instructions executed");
    }

    /** Boots one machine to the prompt, types the command and runs on; everything on the calling thread. */
    private static Boot boot(Path kernel, Path dtb, Path initramfs) throws IOException {
        long start = System.nanoTime();
        VexpressA9Machine machine = VexpressA9Machine.create(BoardProfiles.standard().get("vexpress-a9"), MachineOptions.defaults());
        KernelBoot.load(machine, kernel, Optional.of(dtb), Optional.of(initramfs), "console=ttyAMA0,38400 rdinit=/init");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        machine.console().output(output::write);

        long promptSliceEnd = -1;
        while (promptSliceEnd < 0) {
            if (machine.cpu().instructionsRetired() >= BOOT_LIMIT) {
                fail("no prompt after " + BOOT_LIMIT + " instructions; output:\n" + tail(output.toString(StandardCharsets.ISO_8859_1)));
            }
            runExactly(machine, SLICE);
            if (output.toString(StandardCharsets.ISO_8859_1).contains(PROMPT)) {
                promptSliceEnd = machine.cpu().instructionsRetired();
            }
        }
        runExactly(machine, AFTER_PROMPT);
        byte[] atPrompt = output.toByteArray();

        machine.console().receive(COMMAND.getBytes(StandardCharsets.US_ASCII));
        runExactly(machine, AFTER_COMMAND);
        return new Boot(promptSliceEnd, atPrompt, output.toByteArray(), machine.cpu().instructionsRetired(),
                machine.cpu().instructionsExecuted(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Runs exactly {@code count} instructions in calls of at most {@link #SLICE}. Idle returns
     * (the guest asleep with nothing scheduled) are run on from, so both machines see the same
     * sequence of calls whatever their speed.
     */
    private static void runExactly(VexpressA9Machine machine, long count) {
        long target = machine.cpu().instructionsRetired() + count;
        while (machine.cpu().instructionsRetired() < target) {
            long before = machine.cpu().instructionsRetired();
            RunResult result = machine.run(Math.min(SLICE, target - before));
            if (result.reason() != RunResult.Reason.INSTRUCTION_LIMIT && result.reason() != RunResult.Reason.IDLE) {
                fail("the guest stopped: " + result);
            }
            if (result.reason() == RunResult.Reason.IDLE && machine.cpu().instructionsRetired() == before) {
                fail("the guest sleeps with nothing to wake it: " + result);
            }
        }
    }

    private static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        int length = Math.min(expected.length, actual.length);
        for (int i = 0; i < length; i++) {
            if (expected[i] != actual[i]) {
                fail(what + " differs at byte " + i + ":\nfirst boot:  " + excerpt(expected, i) + "\nsecond boot: " + excerpt(actual, i));
            }
        }
        assertEquals(expected.length, actual.length, what + ": one boot printed more (the shorter is a prefix of the longer)");
    }

    private static String excerpt(byte[] bytes, int at) {
        int from = Math.max(0, at - 200);
        int to = Math.min(bytes.length, at + 200);
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }

    private static Boot get(Future<Boot> boot) throws Exception {
        try {
            return boot.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static Path imageDirectory() {
        String cache = System.getenv("HIL_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "hilfarm");
        Path dir = root.resolve("images").resolve("debian-armhf");
        if (!Files.isDirectory(dir)) {
            fail("the Debian armhf test images are missing: no " + dir + "; run ./hil setup to fetch them");
        }
        return dir;
    }

    private static Path kernel(Path images) throws IOException {
        try (Stream<Path> files = Files.list(images)) {
            List<Path> kernels = files.filter(p -> p.getFileName().toString().startsWith("vmlinuz-")).sorted().toList();
            if (kernels.size() != 1) {
                fail("expected one vmlinuz-* in " + images + ", found " + kernels + "; run ./hil setup to fetch the images");
            }
            return kernels.get(0);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            fail(file + " is missing from the image cache; run ./hil setup to fetch the Debian armhf test images");
        }
        return file;
    }
}
