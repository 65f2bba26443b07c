package dev.hilfarm.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.image.ManifestEntry.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestJsonTest {

    private static final ImageManifest MANIFEST = new ImageManifest("linux-image-6.1.0-50-armmp", "6.1.0-50-armmp",
            List.of(new ManifestEntry("busybox", Role.BUSYBOX, 1_960_000L, "ab".repeat(32), "busybox-static",
                            "1:1.35.0-4+deb12u1+b1"),
                    new ManifestEntry("dtbs/odd \"name\"\\.dtb", Role.DTB, 7L, "cd".repeat(32),
                            "linux-image-6.1.0-50-armmp", "6.1.176-1"),
                    new ManifestEntry("vmlinuz-6.1.0-50-armmp", Role.KERNEL, 5_448_192L, "ef".repeat(32),
                            "linux-image-6.1.0-50-armmp", "6.1.176-1")));

    @Test
    void readsBackWhatItWrites() {
        assertEquals(MANIFEST, ManifestJson.read(ManifestJson.write(MANIFEST)));
    }

    @Test
    void writesOneFilePerLine() {
        String json = ManifestJson.write(MANIFEST);

        assertTrue(json.contains("\n    {\"path\": \"busybox\", \"role\": \"busybox\", \"size\": 1960000, \"sha256\": \""
                + "ab".repeat(32) + "\", \"package\": \"busybox-static\", \"version\": \"1:1.35.0-4+deb12u1+b1\"},\n"),
                json);
        assertTrue(json.startsWith("{\n  \"format\": 1,\n"), json);
    }

    @Test
    void rejectsOtherFormatsAndMissingFields() {
        String json = ManifestJson.write(MANIFEST);

        IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
                () -> ManifestJson.read(json.replace("\"format\": 1", "\"format\": 2")));
        assertTrue(format.getMessage().contains("format 2"), format.getMessage());
        IllegalArgumentException sha = assertThrows(IllegalArgumentException.class,
                () -> ManifestJson.read(json.replace("\"sha256\"", "\"sha1\"")));
        assertTrue(sha.getMessage().contains("\"sha256\""), sha.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ManifestJson.read(json.replace("\"kernel\"", "\"rootfs\"")));
        assertThrows(IllegalArgumentException.class, () -> ManifestJson.read("[1, 2"));
    }
}
