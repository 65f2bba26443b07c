package dev.hilfarm.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a distribution zip so that its folder appears complete or not at all.
 *
 * <p>The zip is extracted into a staging folder next to the target and renamed into place in one
 * step. A run killed half-way leaves only a stale staging folder, never a half-filled target that
 * later runs would mistake for an installation; two runs racing both succeed, and the loser
 * simply drops its copy.
 */
final class ZipUnpacker {

    private ZipUnpacker() {
    }

    /** Unpacks {@code zip} into {@code target}, dropping the archive's top-level folder. */
    static void unpackAtomically(Path zip, Path target) throws IOException {
        Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
        Path staging = Files.createTempDirectory(parent, target.getFileName() + ".unpacking-");
        try {
            extract(zip, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // Another process installed the same version in the meantime; keep theirs.
            }
        } finally {
            deleteTree(staging);
        }
    }

    private static void extract(Path zip, Path into) throws IOException {
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String relative = withoutTopFolder(entry.getName());
                if (relative.isEmpty()) {
                    continue;
                }
                Path out = into.resolve(relative).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("zip entry points outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                // java.util.zip does not carry Unix modes; the launch scripts are the only executables.
                if (relative.startsWith("bin/") && !relative.endsWith(".bat")) {
                    out.toFile().setExecutable(true);
                }
            }
        }
    }

    private static String withoutTopFolder(String entryName) {
        int slash = entryName.indexOf('/');
        return slash < 0 ? "" : entryName.substring(slash + 1);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
