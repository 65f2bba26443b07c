package dev.hilfarm.harness.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.harness.failure.SerialLinkLostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console engine against an in-memory link; the console suite repeats the essentials on a real pty. */
class SerialConsoleTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    /** Generous bound for "at once": far below LONG, so a wait that ran into its timeout fails the test. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final Pattern WRAPPED = Pattern.compile("_B(\\w+); (.*); printf '\\\\n%s%s_%d\\\\n' __HIL _E\\w+ \\$\\?\\n");

    private FakeLink link = new FakeLink();
    private final Transcript transcript = Transcript.inMemory();
    private SerialConsole console = SerialConsole.attach(link, ConsoleSettings.defaults(), transcript);

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void expectReturnsTheMatchItsGroupsAndWhatCameBefore() {
        link.board("U-Boot 2024.01\r\nHit any key to stop autoboot:  3 ");
        Match m = console.expect("autoboot:\\s+(\\d)", Duration.ofSeconds(5));
        assertEquals("autoboot:  3", m.matched());
        assertEquals("3", m.group(1));
        assertEquals("U-Boot 2024.01\nHit any key to stop ", m.before());
    }

    @Test
    void outputIsConsumedThroughTheMatchSoTheSameTextDoesNotMatchTwice() {
        link.board("ready\nready\n");
        console.expect("ready\n", Duration.ofSeconds(5));
        console.expect("ready\n", Duration.ofSeconds(5));
        assertThrows(ConsoleTimeoutException.class, () -> console.expect("ready", Duration.ofMillis(200)));
    }

    @Test
    void discardPendingForgetsUnconsumedOutput() throws Exception {
        link.board("old prompt# ");
        waitUntilReceived("old prompt# ");
        console.discardPending();
        assertThrows(ConsoleTimeoutException.class, () -> console.expect("prompt", Duration.ofMillis(200)));
    }

    @Test
    void aTimeoutNamesThePatternTheTimeoutAndTheTranscriptTail() {
        for (int i = 1; i <= 30; i++) {
            link.board("boot line " + i + "\r\n");
        }
        link.board("buildroot login: ");
        ConsoleTimeoutException e = assertThrows(ConsoleTimeoutException.class,
                () -> console.expect("never printed", Duration.ofMillis(300)));
        String message = e.getMessage();
        assertTrue(message.startsWith("timed out after 300ms waiting for /never printed/ on /dev/fake0\n"), message);
        assertTrue(message.contains("last 20 lines of the console transcript:"), message);
        assertTrue(message.contains("< boot line 30"), message);
        assertTrue(message.endsWith("< buildroot login: "), message);
        assertTrue(!message.contains("boot line 11\n"), "only the tail: " + message);
    }

    @Test
    void aDeathPatternEndsALongWaitAtOnce() {
        CompletableFuture.runAsync(() -> {
            sleep(300);
            link.board("[    3.100000] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\r\n");
        });
        DeathPatternException e = assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(DeathPatternException.class, () -> console.expect("login:", LONG)));
        assertEquals("Kernel panic - not syncing", e.pattern());
        assertTrue(e.getMessage().contains("while waiting for /login:/"), e.getMessage());
        assertTrue(e.getMessage().contains("VFS: Unable to mount root fs"), e.getMessage());
    }

    @Test
    void aDeathWhileNobodyWaitsFailsTheNextWaitOnlyOnce() throws Exception {
        link.board("Internal error: Oops: 17 [#1] ARM\r\n# ");
        waitUntilReceived("# ");
        assertThrows(DeathPatternException.class, () -> console.expect("#", LONG));
        assertEquals("# ", console.expect("# ", Duration.ofSeconds(5)).matched());
    }

    @Test
    void addedDeathPatternsApplyFromThenOn() {
        console.addDeathPattern(Pattern.compile("Segmentation fault"));
        link.board("Segmentation fault (core dumped)\n");
        DeathPatternException e = assertThrows(DeathPatternException.class, () -> console.expect("never", LONG));
        assertEquals("Segmentation fault", e.pattern());
    }

    @Test
    void aLostLinkWakesTheWaiterAtOnce() {
        CompletableFuture.runAsync(() -> {
            sleep(300);
            link.unplug();
        });
        SerialLinkLostException e = assertTimeoutPreemptively(PROMPTLY,
                () -> assertThrows(SerialLinkLostException.class, () -> console.expect("login:", LONG)));
        assertTrue(e.getMessage().contains("/dev/fake0"), e.getMessage());
        assertTrue(console.isLost());
        assertThrows(SerialLinkLostException.class, () -> console.sendLine("root"));
    }

    @Test
    void textThatArrivedBeforeTheLossCanStillBeMatched() throws Exception {
        link.board("last words\n");
        link.unplug();
        assertTimeoutPreemptively(PROMPTLY, () -> {
            while (!console.isLost()) {
                Thread.sleep(10);
            }
        });
        assertEquals("last words\n", console.expect("last words\n", LONG).matched());
    }

    @Test
    void sendLineUsesTheConfiguredLineEndingAndIsRecorded() {
        console.close();
        link = new FakeLink();
        console = SerialConsole.attach(link, ConsoleSettings.defaults().withLineEnding("\r"), transcript);
        console.sendLine("root");
        assertEquals("root\r", link.typed());
        assertTrue(transcript.tail(1).get(0).endsWith(" > root"), transcript.tail(1).toString());
    }

    @Test
    void runReturnsExactOutputAndExitStatusAmidEchoPromptAndColour() {
        link.respondWith(typed -> shell(typed, true, "\u001b[1;31mline one\u001b[0m\r\nline two\r\n", 3));
        CommandResult r = console.run("./check.sh", Duration.ofSeconds(5));
        assertEquals(new CommandResult("./check.sh", "line one\nline two\n", 3), r);
        assertTrue(!r.succeeded());
    }

    @Test
    void runKeepsOutputWithoutTrailingNewlineAndEmptyOutputExact() {
        link.respondWith(typed -> shell(typed, false, "no newline", 0));
        assertEquals("no newline", console.run("printf 'no newline'", Duration.ofSeconds(5)).output());
        link.respondWith(typed -> shell(typed, false, "", 0));
        assertEquals("", console.run("true", Duration.ofSeconds(5)).output());
        link.respondWith(typed -> shell(typed, false, "\r\n\r\n", 0));
        assertEquals("\n\n", console.run("echo; echo", Duration.ofSeconds(5)).output());
    }

    @Test
    void runTimesOutNamingTheCommandWhenTheShellNeverAnswers() {
        ConsoleTimeoutException e = assertThrows(ConsoleTimeoutException.class,
                () -> console.run("sleep 100", Duration.ofMillis(300)));
        assertTrue(e.getMessage().startsWith("`sleep 100` never started: no start marker came back"), e.getMessage());
        assertTrue(e.getMessage().contains("waiting for the end marker of `sleep 100`"), e.getMessage());
    }

    @Test
    void runRefusesToReturnOutputThatOverflowedThePendingLimit() {
        console.close();
        link = new FakeLink();
        console = SerialConsole.attach(link, ConsoleSettings.defaults().withPendingLimitChars(4096), transcript);
        link.respondWith(typed -> shell(typed, false, "x".repeat(20_000) + "\r\n", 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> console.run("cat big", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("exceeded 4096 characters"), e.getMessage());
    }

    @Test
    void closeStopsTheReaderClosesTheLinkAndFailsLaterWaits() {
        console.close();
        console.close();
        assertTrue(link.isClosed());
        assertThrows(IllegalStateException.class, () -> console.expect("x", Duration.ofSeconds(1)));
    }

    /** Plays a shell: optional echo of the typed line, then what printf and the command would print. */
    private static String shell(String typed, boolean echo, String output, int status) {
        Matcher m = WRAPPED.matcher(typed);
        if (!m.find()) {
            return null;
        }
        String id = m.group(1);
        String echoed = echo ? typed.replace("\n", "\r\n") : "";
        return echoed + "__HIL_B" + id + "\r\n" + output + "\r\n__HIL_E" + id + "_" + status + "\r\n\u001b[32mroot@fake\u001b[0m:~# ";
    }

    private void waitUntilReceived(String text) {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            while (!transcript.tail(1).toString().contains(text)) {
                Thread.sleep(10);
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
