package dev.hilfarm.image.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hilfarm.image.ImageCacheException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DebianUBootSourcesTest {

    @Test
    void versionComesFromTheDscAptWouldDownload() {
        assertEquals("2023.01+dfsg-2+deb12u3", DebianUBootSources.versionOf(List.of(
                "u-boot_2023.01+dfsg-2+deb12u3.dsc", "u-boot_2023.01+dfsg.orig.tar.xz",
                "u-boot_2023.01+dfsg-2+deb12u3.debian.tar.xz")));
        ImageCacheException e = assertThrows(ImageCacheException.class,
                () -> DebianUBootSources.versionOf(List.of("u-boot_2023.01+dfsg.orig.tar.xz")));
        assertEquals("apt-get source u-boot would download no u-boot_VERSION.dsc: [u-boot_2023.01+dfsg.orig.tar.xz]",
                e.getMessage());
    }

    @Test
    void upstreamVersionDropsEpochRevisionAndRepackSuffix() {
        assertEquals("2023.01", source("2023.01+dfsg-2+deb12u3").upstreamVersion());
        assertEquals("2024.01", source("1:2024.01-1").upstreamVersion());
        assertEquals("2023.07~rc4", source("2023.07~rc4+dfsg-1").upstreamVersion());
        assertEquals("2023.01", source("2023.01").upstreamVersion());
    }

    @Test
    void buildTimestampIsTheNewestChangelogEntry() {
        String changelog = """
                u-boot (2023.01+dfsg-2+deb12u3) bookworm-security; urgency=medium

                  * Fix CVE-2024-57254.

                 -- Some One <some@example.org>  Sat,  2 Nov 2024 10:00:00 +0100

                u-boot (2023.01+dfsg-2) unstable; urgency=medium

                 -- Some One <some@example.org>  Mon, 16 Jan 2023 12:00:00 -0800
                """;
        assertEquals(Optional.of(Instant.parse("2024-11-02T09:00:00Z")), DebianUBootSources.newestEntryDate(changelog));
        assertEquals(Optional.empty(), DebianUBootSources.newestEntryDate("no trailer here\n"));
    }

    private static UBootSource source(String version) {
        return new UBootSource("u-boot", version, Path.of("/x"), Instant.EPOCH);
    }
}
