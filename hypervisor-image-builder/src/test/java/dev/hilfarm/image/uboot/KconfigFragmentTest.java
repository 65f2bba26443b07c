package dev.hilfarm.image.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KconfigFragmentTest {

    private static final String FIT = """
            # FIT images, signed
            CONFIG_FIT=y
            CONFIG_FIT_SIGNATURE=y

            # CONFIG_FIT_VERBOSE is not set
            CONFIG_BOOTDELAY=3
            CONFIG_DEFAULT_FDT_FILE="vexpress-v2p-ca9.dtb"
            """;

    @Test
    void parsesSettingsUnsetSymbolsAndIgnoresComments() {
        KconfigFragment fragment = KconfigFragment.parse("fit.config", FIT);

        assertEquals(Map.of("CONFIG_FIT", "y", "CONFIG_FIT_SIGNATURE", "y", "CONFIG_FIT_VERBOSE", "n",
                "CONFIG_BOOTDELAY", "3", "CONFIG_DEFAULT_FDT_FILE", "\"vexpress-v2p-ca9.dtb\""), fragment.settings());
    }

    @Test
    void aLineThatIsNoSettingNamesFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KconfigFragment.parse("fit.config", "CONFIG_FIT=y\nFIT_SIGNATURE=y\n"));
        assertEquals("fit.config:2: not a Kconfig setting: 'FIT_SIGNATURE=y' (expected CONFIG_NAME=value or "
                + "# CONFIG_NAME is not set)", e.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> KconfigFragment.parse("fit.config", "\n\nCONFIG_FIT=\n"));
        assertTrue(empty.getMessage().startsWith("fit.config:3: CONFIG_FIT has no value"), empty.getMessage());
    }

    @Test
    void theLastValueOfASymbolGivenTwiceWinsAsInKconfig() {
        KconfigFragment fragment = KconfigFragment.parse("f", "CONFIG_FIT=y\n# CONFIG_FIT is not set\n");
        assertEquals(Map.of("CONFIG_FIT", "n"), fragment.settings());
    }

    @Test
    void hashIgnoresCommentsOrderAndRepeatsButNotValues() {
        KconfigFragment fragment = KconfigFragment.parse("a", FIT);
        KconfigFragment reordered = KconfigFragment.parse("b", """
                CONFIG_DEFAULT_FDT_FILE="vexpress-v2p-ca9.dtb"
                CONFIG_BOOTDELAY=1
                CONFIG_BOOTDELAY=3
                # CONFIG_FIT_VERBOSE is not set
                CONFIG_FIT_SIGNATURE=y
                   CONFIG_FIT=y
                """);
        assertEquals(fragment.sha256(), reordered.sha256());
        assertEquals(fragment.canonicalText(), reordered.canonicalText());
        assertNotEquals(fragment.sha256(), KconfigFragment.parse("c", FIT.replace("BOOTDELAY=3", "BOOTDELAY=2")).sha256());
        assertEquals("""
                CONFIG_BOOTDELAY=3
                CONFIG_DEFAULT_FDT_FILE="vexpress-v2p-ca9.dtb"
                CONFIG_FIT=y
                CONFIG_FIT_SIGNATURE=y
                # CONFIG_FIT_VERBOSE is not set
                """, fragment.canonicalText());
    }

    @Test
    void mergeReplacesTheDefconfigsOwnLinesForTheSameSymbols() {
        String dotConfig = """
                CONFIG_ARM=y
                # CONFIG_FIT is not set
                CONFIG_BOOTDELAY=2
                CONFIG_FIT_VERBOSE=y
                CONFIG_FITX=y
                """;
        String merged = KconfigFragment.parse("f", FIT).mergeInto(dotConfig);

        assertEquals("""
                CONFIG_ARM=y
                CONFIG_FITX=y
                # hilfarm: settings of the recipe's Kconfig fragment
                CONFIG_FIT=y
                CONFIG_FIT_SIGNATURE=y
                # CONFIG_FIT_VERBOSE is not set
                CONFIG_BOOTDELAY=3
                CONFIG_DEFAULT_FDT_FILE="vexpress-v2p-ca9.dtb"
                """, merged);
    }

    @Test
    void unmetListsSettingsThatOlddefconfigDroppedOrChanged() {
        KconfigFragment fragment = KconfigFragment.parse("f", FIT);
        String resolved = """
                CONFIG_FIT=y
                CONFIG_BOOTDELAY=2
                CONFIG_FIT_VERBOSE=y
                CONFIG_DEFAULT_FDT_FILE="vexpress-v2p-ca9.dtb"
                """;

        assertEquals(List.of("CONFIG_FIT_SIGNATURE=y (now: not set)", "# CONFIG_FIT_VERBOSE is not set (now: y)",
                "CONFIG_BOOTDELAY=3 (now: 2)"), fragment.unmetIn(resolved));
        assertEquals(List.of(), fragment.unmetIn(fragment.mergeInto("")));
        // An unset symbol that olddefconfig dropped altogether is still unset: met.
        assertEquals(List.of(), KconfigFragment.parse("f", "# CONFIG_FIT_VERBOSE is not set").unmetIn("CONFIG_ARM=y\n"));
    }

    @Test
    void fragmentsCombineInOrderAndTheLaterWins() {
        KconfigFragment fit = KconfigFragment.parse("fit.config", "CONFIG_FIT=y\nCONFIG_BOOTDELAY=3\n");
        KconfigFragment usb = KconfigFragment.parse("usb.config", "CONFIG_CMD_DFU=y\n# CONFIG_BOOTDELAY is not set\n");

        assertEquals(Map.of("CONFIG_FIT", "y", "CONFIG_CMD_DFU", "y", "CONFIG_BOOTDELAY", "n"), fit.plus(usb).settings());
        assertEquals("3", usb.plus(fit).settings().get("CONFIG_BOOTDELAY"));
        assertEquals(List.of("CONFIG_FIT", "CONFIG_CMD_DFU", "CONFIG_BOOTDELAY"),
                List.copyOf(fit.plus(usb).settings().keySet()));
        assertEquals(Map.of("CONFIG_FIT", "y"), KconfigFragment.empty().with("CONFIG_FIT", "y").settings());
        assertThrows(IllegalArgumentException.class, () -> KconfigFragment.empty().with("FIT", "y"));
    }
}
