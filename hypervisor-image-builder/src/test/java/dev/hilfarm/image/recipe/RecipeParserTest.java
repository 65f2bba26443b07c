package dev.hilfarm.image.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.ProfileException;
import dev.hilfarm.image.format.disk.PartitionTable;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecipeParserTest {
    private final RecipeParser parser = new RecipeParser(BoardProfiles.load(Optional.empty()));

    private static final String MINIMAL = """
            board: vexpress-a9
            hypervisor:
              guests:
                - {name: work, program: work}
            fit: {file: hv.itb}
            outputs:
              - {kind: sd-card, file: sd.img, size: 8MiB, boot-files: [hv.itb], load-address: 0x62000000}
            """;

    @Test
    void everyBundledRecipeParses() {
        assertEquals(List.of("vexpress-a9-hypervisor", "pandaboard-hypervisor", "beagleboard-xm-hypervisor",
                "beaglebone-black-u-boot", "wandboard-u-boot", "cubieboard-u-boot", "vexpress-a9-linux"), RecipeParser.bundled());
        for (String name : RecipeParser.bundled()) {
            if (name.endsWith("-u-boot") || name.endsWith("-linux")) {
                assertTrue(parser.load(name).hypervisor().isEmpty(), name);
                continue;
            }
            ImageRecipe r = parser.load(name);
            assertEquals(name, r.name());
            assertEquals(4, r.hypervisor().orElseThrow().guests().guests().size(), name);
            assertTrue(r.fit().orElseThrow().signed(), name);
        }
        ImageRecipe vexpress = parser.load("vexpress-a9-hypervisor");
        assertEquals("vexpress_ca9x4", vexpress.uboot().orElseThrow().defconfig());
        assertEquals(Optional.of("dt.dtb"), vexpress.fit().orElseThrow().fdt());
        ImageRecipe.SdCardOutput sd = (ImageRecipe.SdCardOutput) vexpress.outputs().get(1);
        assertEquals(PartitionTable.MBR, sd.table());
        assertEquals(64L << 20, sd.sizeBytes());
        ImageRecipe.FlashOutput flash = (ImageRecipe.FlashOutput) vexpress.outputs().get(2);
        assertEquals(1, flash.bank());
        assertEquals(0x44000000L, flash.bankAddress());
        assertEquals(List.of("MLO", "u-boot.img", "hypervisor.itb"),
                ((ImageRecipe.SdCardOutput) parser.load("pandaboard-hypervisor").outputs().get(0)).bootFiles());
    }

    /** A Linux recipe whose U-Boot boots the card by itself: bootargs first, then load and bootm. */
    @Test
    void theLinuxRecipeBootsFromTheCardOnItsOwn() {
        ImageRecipe linux = parser.load("vexpress-a9-linux");
        ImageRecipe.Linux l = linux.linux().orElseThrow();
        assertEquals("vexpress-v2p-ca9.dtb", l.dtb(), "the profile's dtb from the Debian package");
        assertEquals(Optional.of("sd"), linux.uboot().orElseThrow().bootFrom());
        assertEquals(Optional.of(List.of("setenv bootargs 'console=ttyAMA0,38400 rdinit=/init'",
                "fatload mmc 0:1 0x62000000 linux.itb", "bootm 0x62000000")), linux.bootCommands("sd"));
        assertEquals(Optional.empty(), linux.bootCommands("flash"));
        ProfileException nowhere = assertThrows(ProfileException.class, () -> parser.parse("f.yaml", MINIMAL
                + "u-boot: {boot-from: flash}\n"));
        assertTrue(nowhere.getMessage().contains("u-boot.boot-from flash: no flash output holds the FIT"), nowhere.getMessage());
    }

    @Test
    void theToolchainsAreDebiansUnlessTheRecipeNamesAnotherBareMetalOne() {
        assertEquals(ImageRecipe.Toolchains.DEBIAN, parser.parse("t.yaml", MINIMAL).toolchains());
        assertEquals("/opt/gcc/bin/arm-none-eabi-", parser.parse("t.yaml", MINIMAL
                + "toolchain: {bare-metal: /opt/gcc/bin/arm-none-eabi-}\n").toolchains().bareMetal());
        ProfileException uboot = assertThrows(ProfileException.class, () -> parser.parse("t.yaml", MINIMAL
                + "toolchain: {u-boot: arm-none-linux-gnueabihf-}\n"));
        assertTrue(uboot.getMessage().contains("toolchain.u-boot: U-Boot is built with Debian's arm-linux-gnueabihf-"),
                uboot.getMessage());
    }

    @Test
    void defaultsComeFromTheBoardProfile() {
        ImageRecipe r = parser.parse("min.yaml", MINIMAL + "u-boot: {config: [CONFIG_FIT=y]}\n");
        assertEquals("vexpress_ca9x4", r.uboot().orElseThrow().defconfig(), "the profile's u-boot-defconfig");
        assertEquals("vexpress-a9", r.name(), "named after the board");
        assertEquals(1000, r.hypervisor().orElseThrow().guests().tickHz());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "board: vexpress-a9|colour: blue|min.yaml:2: colour: unknown field",
            "board: pandaboard-x|     |min.yaml:1: board: unknown board",
            "board: vexpress-a9|u-boot: {config: [FIT=y]}|u-boot.config: entry 0 'FIT=y' is not a Kconfig line",
            "board: vexpress-a9|outputs: [{kind: uimage, file: ../escape}]|outputs[0].file: '../escape' is not a plain file name",
            "board: vexpress-a9|outputs: [{kind: tarball, file: x}]|outputs[0].kind: unknown output kind 'tarball'",
            "board: vexpress-a9|outputs: [{kind: sparse, file: s.simg, from: nothing.img}]|output s.simg needs nothing.img, which nothing before it in the recipe makes",
            "board: vexpress-a9|fit: {file: a.itb}|fit packages the hypervisor or Linux, but the recipe has neither",
    })
    void badRecipesAreNamedByFileLineAndField(String board, String extra, String expected) {
        String yaml = board + "\n" + (extra == null ? "" : extra + "\n");
        ProfileException e = assertThrows(ProfileException.class, () -> parser.parse("min.yaml", yaml));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("min.yaml"), e.getMessage());
    }

    @Test
    void hypervisorMistakesAreNamedToo() {
        ProfileException channel = assertThrows(ProfileException.class, () -> parser.parse("c.yaml", """
                board: vexpress-a9
                hypervisor:
                  guests: [{name: work}]
                  channels: [{from: work, to: bank}]
                """));
        assertTrue(channel.getMessage().contains("c.yaml:3: hypervisor: channel work -> bank names a guest not in the recipe"),
                channel.getMessage());
        ProfileException unsigned = assertThrows(ProfileException.class, () -> parser.parse("s.yaml",
                MINIMAL.replace("fit: {file: hv.itb}", "fit: {file: hv.itb, signed: true}")));
        assertTrue(unsigned.getMessage().contains("fit.signed needs signing-key"), unsigned.getMessage());
        ProfileException noPlatform = assertThrows(ProfileException.class, () -> parser.parse("w.yaml", """
                board: wandboard
                hypervisor: {guests: [{name: work}]}
                """));
        assertTrue(noPlatform.getMessage().contains("no platform section"), noPlatform.getMessage());
    }

    @Test
    void anUnknownRecipeNameListsTheBundledOnes() {
        ProfileException e = assertThrows(ProfileException.class, () -> parser.load("vexpress-a9-hypervsor"));
        assertTrue(e.getMessage().contains("bundled: vexpress-a9-hypervisor, pandaboard-hypervisor"), e.getMessage());
    }
}
