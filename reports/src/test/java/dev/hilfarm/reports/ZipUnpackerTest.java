package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipUnpackerTest {

    @TempDir
    Path tmp;

    private Path zip(Map<String, String> entries) throws IOException {
        Path zip = tmp.resolve("dist.zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    private long leftovers(Path parent) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            return files.filter(file -> file.getFileName().toString().contains(".unpacking-")).count();
        }
    }

    @Test
    void unpacksWithoutTheTopFolderAndLeavesNoStaging() throws IOException {
        Path zip = zip(Map.of("allure-9.9/lib/a.jar", "jar", "allure-9.9/bin/allure", "#!/bin/sh", "allure-9.9/bin/allure.bat", "rem"));
        Path target = tmp.resolve("cache/allure-commandline-9.9");

        ZipUnpacker.unpackAtomically(zip, target);

        assertEquals("jar", Files.readString(target.resolve("lib/a.jar")));
        assertTrue(Files.isExecutable(target.resolve("bin/allure")));
        assertEquals(0, leftovers(target.getParent()));
    }

    @Test
    void anExistingInstallationWinsTheRace() throws IOException {
        Path zip = zip(Map.of("allure-9.9/lib/a.jar", "new"));
        Path target = tmp.resolve("allure-commandline-9.9");
        Files.createDirectories(target.resolve("lib"));
        Files.writeString(target.resolve("lib/a.jar"), "theirs");

        ZipUnpacker.unpackAtomically(zip, target);

        assertEquals("theirs", Files.readString(target.resolve("lib/a.jar")));
        assertEquals(0, leftovers(tmp));
    }

    @Test
    void entriesOutsideTheTargetAreRefusedAndNothingIsInstalled() throws IOException {
        Path zip = zip(Map.of("allure-9.9/../../evil", "x"));
        Path target = tmp.resolve("cache/allure-commandline-9.9");

        assertThrows(IOException.class, () -> ZipUnpacker.unpackAtomically(zip, target));

        assertFalse(Files.exists(target));
        assertFalse(Files.exists(tmp.resolve("evil")));
        assertEquals(0, leftovers(target.getParent()));
    }
}
