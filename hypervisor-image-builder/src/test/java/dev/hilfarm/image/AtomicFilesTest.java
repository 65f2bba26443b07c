package dev.hilfarm.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndReturnsTheChecksumOfWhatItWrote() throws Exception {
        Path target = dir.resolve("images/busybox");
        AtomicFiles.write(target, "old".getBytes());

        String sha256 = AtomicFiles.write(target, "new content".getBytes());

        assertEquals("new content", Files.readString(target));
        assertEquals(Sha256.of(target), sha256);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("busybox"), names(target.getParent()));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("manifest.json");
        Files.writeString(target, "previous manifest");

        IOException failure = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new ".getBytes());
            throw new IOException("disk full");
        }));

        assertEquals("disk full", failure.getMessage());
        assertEquals("previous manifest", Files.readString(target));
        assertEquals(List.of("manifest.json"), names(dir));
    }

    @Test
    void copyStreamsTheSource() throws Exception {
        Path source = Files.write(dir.resolve("source"), new byte[] {0, 1, 2, (byte) 0xff});

        String sha256 = AtomicFiles.copy(source, dir.resolve("copy"));

        assertEquals(Sha256.of(source), sha256);
        assertEquals(4, Files.size(dir.resolve("copy")));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
