package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading a Debian dtb and writing it back changes nothing: dtc prints the same source for both,
 * and the bytes are the same (the writer lays blobs out as dtc does). dtc runs on the six board
 * profiles' dtbs and 30 others spread over the alphabet; {@code -Dhil.dtb.all=true} runs it on all
 * of them. The byte comparison always covers every dtb in the cache.
 */
class DeviceTreeRoundTripTest {
    private static final int SPREAD = 30;

    static Stream<Path> sample() {
        List<Path> all = DebianImages.allDtbs();
        if (Boolean.getBoolean("hil.dtb.all")) {
            return all.stream();
        }
        Set<Path> chosen = new LinkedHashSet<>();
        for (BoardProfile board : BoardProfiles.standard().all()) {
            chosen.add(DebianImages.dtb(board.linux().dtbFile()));
        }
        List<Path> others = new ArrayList<>(all);
        others.removeAll(chosen);
        for (int i = 0; i < SPREAD; i++) {
            chosen.add(others.get(i * others.size() / SPREAD));
        }
        return chosen.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sample")
    void dtcSeesTheSameTreeAfterARoundTrip(Path dtb) throws IOException {
        DeviceTree tree = DeviceTree.read(dtb);
        byte[] written = tree.toDtb();
        assertEquals(Dtc.dts(dtb), Dtc.dts(written));
        assertTrue(DeviceTree.parse("written", written).sameContentAs(tree), "the written blob reads back as the same tree");
    }

    @Test
    void everyDebianDtbIsWrittenBackByteForByte() throws IOException {
        List<Path> all = DebianImages.allDtbs();
        assertTrue(all.size() > 800, "the cache holds Debian's dtbs: " + all.size());
        for (Path dtb : all) {
            byte[] original = Files.readAllBytes(dtb);
            assertArrayEquals(original, DeviceTree.parse(dtb.toString(), original).toDtb(), dtb.toString());
        }
    }

    @Test
    void theSampleHasTheBoardsAndThirtyOthers() {
        List<Path> sample = sample().toList();
        if (!Boolean.getBoolean("hil.dtb.all")) {
            assertEquals(BoardProfiles.standard().all().size() + SPREAD, sample.size(), sample.toString());
        }
        assertTrue(sample.contains(DebianImages.dtb(DebianImages.VEXPRESS_DTB)));
    }
}
