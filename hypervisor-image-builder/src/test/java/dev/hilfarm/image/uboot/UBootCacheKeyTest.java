package dev.hilfarm.image.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UBootCacheKeyTest {

    private static final UBootSource SOURCE = new UBootSource("u-boot", "2023.01+dfsg-2+deb12u3",
            Path.of("/nowhere"), Instant.parse("2025-01-01T00:00:00Z"));
    private static final KconfigFragment FIT = KconfigFragment.parse("fit", "CONFIG_FIT=y\n");

    @Test
    void theSameInputsGiveTheSameKeyWhateverTheTreeOrTimestamp() {
        UBootSource elsewhere = new UBootSource("u-boot", "2023.01+dfsg-2+deb12u3", Path.of("/other"), Instant.EPOCH);
        UBootCacheKey a = UBootCacheKey.of(SOURCE, new UBootRecipe("vexpress_ca9x4", Optional.of(FIT)));
        UBootCacheKey b = UBootCacheKey.of(elsewhere, new UBootRecipe("vexpress_ca9x4",
                Optional.of(KconfigFragment.parse("other-name", "# comment\nCONFIG_FIT=y\n"))));

        assertEquals(a, b);
        assertEquals(a.sha256(), b.sha256());
        assertEquals(64, a.sha256().length());
    }

    @Test
    void eachInputChangesTheKey() {
        String base = UBootCacheKey.of(SOURCE, new UBootRecipe("vexpress_ca9x4", Optional.of(FIT))).sha256();
        Set<String> keys = Set.of(base,
                UBootCacheKey.of(SOURCE, UBootRecipe.of("vexpress_ca9x4")).sha256(),
                UBootCacheKey.of(SOURCE, new UBootRecipe("omap4_panda", Optional.of(FIT))).sha256(),
                UBootCacheKey.of(new UBootSource("u-boot", "2023.01+dfsg-2+deb12u4", Path.of("/nowhere"), Instant.EPOCH),
                        new UBootRecipe("vexpress_ca9x4", Optional.of(FIT))).sha256(),
                UBootCacheKey.of(SOURCE, new UBootRecipe("vexpress_ca9x4",
                        Optional.of(KconfigFragment.parse("fit", "CONFIG_FIT=n\n")))).sha256());
        assertEquals(5, keys.size());
    }

    @Test
    void valuesCannotRunIntoEachOther() {
        assertNotEquals(new UBootCacheKey("1", "a", "", "").sha256(), new UBootCacheKey("1a", "", "", "").sha256());
    }

    @Test
    void directoryNameIsReadableAndCarriesTheHash() {
        UBootCacheKey key = UBootCacheKey.of(SOURCE, UBootRecipe.of("vexpress_ca9x4"));
        assertEquals("vexpress_ca9x4-2023.01+dfsg-2+deb12u3-" + key.sha256().substring(0, 16), key.directoryName());
        assertTrue(new UBootCacheKey("1:2.0-1", "x", "", "").directoryName().startsWith("x-1_2.0-1-"));
    }

    @Test
    void recipeRejectsNamesThatCouldBeMakeOptionsOrPaths() {
        for (String bad : new String[] {"-j99", "../x", "V=1", "vexpress_ca9x4_defconfig", ""}) {
            assertThrows(IllegalArgumentException.class, () -> UBootRecipe.of(bad), bad);
        }
        assertEquals("Cubieboard", UBootRecipe.of("Cubieboard").defconfig());
    }
}
