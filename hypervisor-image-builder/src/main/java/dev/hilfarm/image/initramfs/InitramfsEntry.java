package dev.hilfarm.image.initramfs;

import java.util.Arrays;

/**
 * One member of an initramfs archive. Paths are relative to the archive root ("bin/busybox"), the
 * form the kernel's unpacker and GNU cpio both expect; permissions are the low twelve mode bits.
 */
public sealed interface InitramfsEntry {

    String path();

    int permissions();

    record Directory(String path, int permissions) implements InitramfsEntry {
    }

    record RegularFile(String path, int permissions, byte[] content) implements InitramfsEntry {
        public RegularFile {
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RegularFile that && path.equals(that.path)
                    && permissions == that.permissions && Arrays.equals(content, that.content);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * path.hashCode() + permissions) + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "RegularFile[" + path + ", " + Integer.toOctalString(permissions) + ", " + content.length + " bytes]";
        }
    }

    /** A device special file; the kernel creates it with mknod while unpacking, no privileges needed here. */
    record DeviceNode(String path, int permissions, Kind kind, int major, int minor) implements InitramfsEntry {
        public enum Kind { CHARACTER, BLOCK }
    }

    /** Symlinks always carry mode 0777; what matters is the target, stored as the entry's data. */
    record Symlink(String path, String target) implements InitramfsEntry {
        @Override
        public int permissions() {
            return 0777;
        }
    }
}
