package dev.hilfarm.suites.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.Console;
import dev.hilfarm.harness.console.ConsoleTimeoutException;
import dev.hilfarm.harness.failure.SerialLinkLostException;
import dev.hilfarm.harness.junit.BoardTest;
import dev.hilfarm.harness.junit.TestsRecipe;
import dev.hilfarm.harness.session.BuildUnderTest;
import dev.hilfarm.harness.strategy.BootState;
import dev.hilfarm.harness.strategy.BootStrategy;
import dev.hilfarm.image.hypervisor.HypervisorTranscript;
import dev.hilfarm.image.recipe.BuildManifest;
import io.qameta.allure.Allure;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hypervisor suite: the recipe build's U-Boot loads the signed FIT from the board's storage,
 * verifies it and starts the hypervisor, and what the console shows proves the isolation
 * promises. One boot per medium; each promise is its own test of that boot, so a report says
 * which promise broke. Runs on a real board (whose storage holds the build), QEMU and the emulator.
 */
@Tag("hypervisor")
@DisplayName("hypervisor")
@BoardTest(state = BootState.BOOTLOADER)
@TestsRecipe("{board}-hypervisor")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HypervisorTest {
    private static final Duration COMMAND = Duration.ofSeconds(30);
    /* From bootm to "all guests stopped": seconds on QEMU, a minute or so on the emulator under load. */
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final Pattern END = Pattern.compile("hv: all guests stopped");
    private static final Pattern BOOTM = Pattern.compile("bootm (0x[0-9a-f]+)");

    @TestFactory
    @Order(1)
    @DisplayName("from the SD card")
    Stream<DynamicTest> fromTheSdCard(Console console, BootStrategy strategy, BoardProfile board, BuildUnderTest build) {
        BuildManifest.BootMedium sd = build.manifest().medium("sd").orElse(null);
        Assumptions.assumeTrue(sd != null, "the build has no SD card image");
        return promises(boot(console, strategy, board, sd), board);
    }

    @TestFactory
    @Order(2)
    @DisplayName("from NOR flash")
    Stream<DynamicTest> fromNorFlash(Console console, BootStrategy strategy, BoardProfile board, BuildUnderTest build) {
        BuildManifest.BootMedium flash = build.manifest().medium("flash").orElse(null);
        // The OMAP recipes boot from the SD card only: their boards have no NOR flash.
        Assumptions.assumeTrue(flash != null, "the build has no NOR flash image");
        return promises(boot(console, strategy, board, flash), board);
    }

    /**
     * One byte of the hypervisor inside the FIT flipped in RAM after loading it from the SD card:
     * U-Boot itself refuses to boot it, and the hypervisor never starts.
     */
    @Test
    @Order(3)
    @DisplayName("a tampered FIT is refused by U-Boot")
    void aTamperedFitIsRefused(Console console, BootStrategy strategy, BoardProfile board, BuildUnderTest build)
            throws IOException {
        BuildManifest.BootMedium sd = build.manifest().medium("sd").orElse(null);
        Assumptions.assumeTrue(sd != null, "the build has no SD card image");
        String fitName = fitOf(build);
        byte[] fit = Files.readAllBytes(build.file(fitName));
        byte[] payload = Files.readAllBytes(build.file("hv.bin"));
        int at = indexOf(fit, Arrays.copyOf(payload, Math.min(256, payload.length)));
        assertTrue(at > 0, "the hypervisor's bytes are inline in " + fitName);
        int victim = at + payload.length / 2;
        List<String> commands = sd.commands();
        Matcher bootm = BOOTM.matcher(commands.get(commands.size() - 1));
        assertTrue(bootm.matches(), "the last boot command is bootm ADDRESS: " + commands);
        long loadAddress = Long.decode(bootm.group(1));

        Pattern prompt = Pattern.compile(Pattern.quote(board.bootloader().prompt()) + "$");
        long mark = console.transcript().mark();
        try {
            for (String command : commands.subList(0, commands.size() - 1)) {
                console.sendLine(command);
                console.expect(prompt, COMMAND);
            }
            console.sendLine(String.format("mw.b 0x%x 0x%02x 1", loadAddress + victim, (fit[victim] ^ 0xff) & 0xff));
            console.expect(prompt, COMMAND);
            console.sendLine(commands.get(commands.size() - 1));
            console.expect(Pattern.compile("Bad hash value for 'hash-\\d+' hash node in '[^']+' image node"), COMMAND);
            console.expect(Pattern.compile("ERROR: can't get kernel image!"), COMMAND);
            console.expect(prompt, COMMAND);
        } finally {
            Allure.addAttachment("U-Boot refusing the FIT", "text/plain", console.transcript().since(mark), ".txt");
        }
        String seen = console.transcript().since(mark);
        assertFalse(seen.contains("Starting kernel"), "U-Boot started the tampered image:\n" + seen);
        assertFalse(seen.contains("hv: hilfarm reference hypervisor"), "the hypervisor ran:\n" + seen);
    }

    /** Types the medium's boot commands at the prompt and returns what the console showed until the hypervisor finished. */
    private static String boot(Console console, BootStrategy strategy, BoardProfile board, BuildManifest.BootMedium medium) {
        Pattern prompt = Pattern.compile(Pattern.quote(board.bootloader().prompt()) + "$");
        long mark = console.transcript().mark();
        List<String> commands = medium.commands();
        try {
            for (String command : commands.subList(0, commands.size() - 1)) {
                console.sendLine(command);
                console.expect(prompt, COMMAND);
            }
            console.sendLine(commands.get(commands.size() - 1));
            console.expect(END, RUN);
        } catch (ConsoleTimeoutException e) {
            // What arrived is judged promise by promise below; the report says which ones it breaks.
        } catch (SerialLinkLostException e) {
            // The hypervisor powers the board off when its guests are done (vexpress's SYS_CFG): the
            // console can go before the last line was matched. What arrived is in the transcript.
        } finally {
            // U-Boot is gone (the hypervisor powers the board off or halts): the next test boots afresh.
            strategy.invalidate();
        }
        String text = console.transcript().receivedSince(mark);
        Allure.addAttachment("console from " + medium.medium(), "text/plain", text, ".txt");
        return text;
    }

    private static Stream<DynamicTest> promises(String console, BoardProfile board) {
        HypervisorTranscript run = HypervisorTranscript.parse(console);
        return Stream.of(
                dynamicTest("U-Boot verified the FIT's signature and hashes", () -> {
                    assertTrue(Pattern.compile("sha256,rsa2048:[\\w.-]+\\+ OK").matcher(console).find(),
                            "no verified configuration signature in:\n" + head(console));
                    assertTrue(console.contains("Starting kernel"), "U-Boot did not start the image:\n" + head(console));
                }),
                promise("all guests start", run.startProblems(), console),
                promise("each guest makes progress under the scheduler", run.progressProblems(), console),
                promise("every probe attempt is trapped and reported, the victim's data is intact",
                        run.isolationProblems(board), console),
                promise("a crashed guest does not stop the others", run.containmentProblems(), console),
                promise("lines from different guests never interleave", run.interleavingProblems(), console));
    }

    private static DynamicTest promise(String name, List<String> problems, String console) {
        return dynamicTest(name, () -> assertEquals(List.of(), problems, "console:\n" + tail(console)));
    }

    private static String fitOf(BuildUnderTest build) {
        Optional<BuildManifest.Artefact> fit = build.manifest().artefacts().stream().filter(a -> a.kind().equals("fit")).findFirst();
        return fit.orElseThrow(() -> new AssertionError("the build has no FIT")).file();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String head(String text) {
        return text.length() <= 4000 ? text : text.substring(0, 4000) + "\n…";
    }

    private static String tail(String text) {
        return text.length() <= 6000 ? text : "…\n" + text.substring(text.length() - 6000);
    }
}
