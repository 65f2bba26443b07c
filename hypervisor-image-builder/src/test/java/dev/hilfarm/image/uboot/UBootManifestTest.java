package dev.hilfarm.image.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UBootManifestTest {

    private static final UBootManifest MANIFEST = new UBootManifest("u-boot", "2023.01+dfsg-2+deb12u3", "2023.01",
            "vexpress_ca9x4", "ab12", List.of("CONFIG_FIT=y", "# CONFIG_FIT_VERBOSE is not set"),
            "dev sha256,rsa2048 required=conf", "cd34",
            "arm-linux-gnueabihf-gcc 12.2.0", 1_700_000_000L, List.of(
                    new UBootArtefact("u-boot", UBootArtefact.Role.ELF, 5_000_000_000L, "e".repeat(64)),
                    new UBootArtefact("u-boot.bin", UBootArtefact.Role.BINARY, 456, "b".repeat(64)),
                    new UBootArtefact("u-boot.config", UBootArtefact.Role.CONFIG, 7, "c".repeat(64))));

    @Test
    void jsonRoundTripsWithOneFilePerLine() {
        String json = MANIFEST.toJson();

        assertEquals(MANIFEST, UBootManifest.parse(json));
        assertTrue(json.contains("\n    {\"path\": \"u-boot.bin\", \"role\": \"binary\", \"size\": 456, \"sha256\": \""
                + "b".repeat(64) + "\"},\n"), json);
        assertTrue(json.contains("\"fragment\": [\"CONFIG_FIT=y\", \"# CONFIG_FIT_VERBOSE is not set\"],"), json);
        assertTrue(json.contains("\"sourceVersion\": \"2023.01+dfsg-2+deb12u3\","), json);
    }

    @Test
    void findsFilesByRole() {
        assertEquals("u-boot", MANIFEST.first(UBootArtefact.Role.ELF).orElseThrow().path());
        assertTrue(MANIFEST.first(UBootArtefact.Role.SPL).isEmpty());
    }

    @Test
    void quotesWhatJsonMustEscape() {
        UBootManifest odd = new UBootManifest("u-boot", "v", "v", "d", "", List.of("CONFIG_X=\"a\\\"b\"\t"), "", "k",
                "gcc\n", 0, List.of());
        assertEquals(odd, UBootManifest.parse(odd.toJson()));
    }

    @Test
    void wrongFormatMissingFieldsAndBrokenJsonSayWhat() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> UBootManifest.parse(MANIFEST.toJson().replace("\"format\": 1", "\"format\": 2")))
                .getMessage().startsWith("unsupported manifest format 2"));
        assertEquals("\"cacheKey\" is missing or not a string", assertThrows(IllegalArgumentException.class,
                () -> UBootManifest.parse(MANIFEST.toJson().replace("\"cacheKey\"", "\"key\""))).getMessage());
        assertEquals("unknown role \"kernel\"", assertThrows(IllegalArgumentException.class,
                () -> UBootManifest.parse(MANIFEST.toJson().replace("\"elf\"", "\"kernel\""))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> UBootManifest.parse("{\"format\": 1,"))
                .getMessage().startsWith("not valid JSON"));
    }
}
