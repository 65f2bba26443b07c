package dev.hilfarm.image.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.exec.ToolMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the reference hypervisor with Debian's arm-none-eabi-gcc for each board that has a platform section. */
class HypervisorBuilderTest {
    private final BoardProfiles boards = BoardProfiles.load(Optional.empty());

    @TempDir
    Path tmp;

    @Test
    void buildsTheSameSourcesForVexpressPandaAndBeagleBoardMemoryMaps() throws Exception {
        for (String name : List.of("vexpress-a9", "pandaboard", "beagleboard-xm")) {
            BoardProfile board = boards.find(name).orElseThrow();
            Path out = tmp.resolve(name);
            HypervisorImage image = new HypervisorBuilder().build(board, HypervisorRecipe.reference(), out);
            long expectedBase = board.ram().base() + 0x100000;
            assertEquals(expectedBase, image.loadAddress(), name);
            assertEquals(expectedBase, image.entry(), name);
            assertEquals(out.resolve("hv.elf"), image.elf());
            byte[] bin = Files.readAllBytes(image.binary());
            assertTrue(bin.length > 4096 && bin.length < 0x100000, name + ": " + bin.length + " bytes");
            assertEquals(List.of("drm-service", "personal", "probe", "work"), image.guestElfs().keySet().stream().sorted().toList());
            try (Stream<Path> left = Files.list(out)) {
                assertEquals(List.of("guest-drm-service.elf", "guest-personal.elf", "guest-probe.elf", "guest-work.elf",
                        "hv.bin", "hv.elf"), left.map(p -> p.getFileName().toString()).sorted().toList(), "no scratch left");
            }
        }
    }

    @Test
    void sameInputsGiveTheSameBytes() throws Exception {
        BoardProfile board = boards.find("vexpress-a9").orElseThrow();
        HypervisorImage a = new HypervisorBuilder().build(board, HypervisorRecipe.reference(), tmp.resolve("a"));
        HypervisorImage b = new HypervisorBuilder().build(board, HypervisorRecipe.reference(), tmp.resolve("b"));
        assertEquals(a.elfSha256(), b.elfSha256());
        assertArrayEquals(Files.readAllBytes(a.binary()), Files.readAllBytes(b.binary()));
    }

    @Test
    void missingCompilerIsOneLineNamingTheDebianPackage() {
        BoardProfile board = boards.find("vexpress-a9").orElseThrow();
        HypervisorBuilder builder = new HypervisorBuilder(new Toolchain("arm-none-eabi-gcc-not-installed", "arm-none-eabi-objcopy"));
        ToolMissingException e = assertThrows(ToolMissingException.class,
                () -> builder.build(board, HypervisorRecipe.reference(), tmp.resolve("out")));
        assertEquals("arm-none-eabi-gcc-not-installed not found on PATH; install the Debian package gcc-arm-none-eabi"
                + " (apt-get install gcc-arm-none-eabi)", e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("out/hv.elf")));
    }

    @Test
    void unknownGuestProgramIsNamed() {
        BoardProfile board = boards.find("vexpress-a9").orElseThrow();
        HypervisorRecipe recipe = new HypervisorRecipe(List.of(new HypervisorRecipe.Guest("solo", "tetris", 0)), List.of(), 100);
        HypervisorBuildException e = assertThrows(HypervisorBuildException.class,
                () -> new HypervisorBuilder().build(board, recipe, tmp.resolve("out")));
        assertEquals("no guest program 'tetris' (bundled: drm-service, personal, probe, work)", e.getMessage());
    }

    @Test
    void sourceIndexListsEverySourceFile() throws Exception {
        Path root = Path.of("src/main/hypervisor");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> onDisk = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(n -> !n.equals("sources.txt")).sorted().toList();
            assertEquals(onDisk, HypervisorSources.list().stream().sorted().toList(),
                    "src/main/hypervisor/sources.txt must list every file (regenerate: cd src/main/hypervisor && find . -type f | sed 's|^./||' | sort)");
        }
    }
}
