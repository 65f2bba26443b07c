package dev.hilfarm.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Replaces cache files all at once: content goes to a temporary file in the target's directory
 * (same file system, so the rename cannot degrade into a copy) and is then renamed over the
 * target. A reader sees the old file or the new one, never a half-written one; a failed or
 * interrupted write leaves the old file in place.
 *
 * <p>No fsync: a file torn by a crash is caught by the sha256 check in the manifest, which is
 * itself written last.
 */
public final class AtomicFiles {

    /** Writes a file's whole content. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes the content and returns its sha256. */
    public static String write(Path target, ContentWriter content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial", readableByAll());
        try {
            MessageDigest digest = Sha256.newDigest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), digest)) {
                content.writeTo(out);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Sha256.hex(digest);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes a file's whole content at positions of its choosing (disk images with holes). */
    @FunctionalInterface
    public interface ChannelWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** Like {@link #write(Path, ContentWriter)} for content written at random positions; no checksum. */
    public static void writeChannel(Path target, ChannelWriter content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial", readableByAll());
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                content.writeTo(channel);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    public static String write(Path target, byte[] content) throws IOException {
        return write(target, out -> out.write(content));
    }

    public static String copy(Path source, Path target) throws IOException {
        return write(target, out -> {
            try (InputStream in = Files.newInputStream(source)) {
                in.transferTo(out);
            }
        });
    }

    /* Temporary files are created 0600; the cache may be shared by a CI group, so make them 0644. */
    private static FileAttribute<?>[] readableByAll() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))};
    }
}
