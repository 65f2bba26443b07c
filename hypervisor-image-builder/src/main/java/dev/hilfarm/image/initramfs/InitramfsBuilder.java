package dev.hilfarm.image.initramfs;

import dev.hilfarm.image.initramfs.InitramfsEntry.DeviceNode;
import dev.hilfarm.image.initramfs.InitramfsEntry.Directory;
import dev.hilfarm.image.initramfs.InitramfsEntry.RegularFile;
import dev.hilfarm.image.initramfs.InitramfsEntry.Symlink;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Collects files, directories, device nodes and symlinks and writes them as a gzip'ed cpio "newc"
 * archive, the format the Linux kernel unpacks into its initial root file system.
 *
 * <p>Because the archive is written here rather than packed from a staging directory, device
 * nodes and root ownership need no privileges. The output is reproducible: entries are written
 * sorted by path (which also puts every directory before its contents, as the kernel's unpacker
 * requires), every timestamp is 0, owners are root, inode numbers follow the sorted order and the
 * gzip header carries no time or file name. Missing parent directories are added with mode 0755.
 */
public final class InitramfsBuilder {

    private static final int DIRECTORY_PERMISSIONS = 0755;

    private final Map<String, InitramfsEntry> entries = new TreeMap<>();

    public InitramfsBuilder directory(String path, int permissions) {
        return add(new Directory(normalize(path), checkPermissions(permissions)));
    }

    public InitramfsBuilder file(String path, int permissions, byte[] content) {
        return add(new RegularFile(normalize(path), checkPermissions(permissions), content));
    }

    /** Reads the file now, so later changes to it do not change this archive. */
    public InitramfsBuilder file(String path, int permissions, Path source) {
        try {
            return file(path, permissions, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + " for the initramfs", e);
        }
    }

    public InitramfsBuilder text(String path, int permissions, String content) {
        return file(path, permissions, content.getBytes(StandardCharsets.UTF_8));
    }

    public InitramfsBuilder characterDevice(String path, int permissions, int major, int minor) {
        return add(new DeviceNode(normalize(path), checkPermissions(permissions), DeviceNode.Kind.CHARACTER,
                checkDeviceNumber(major), checkDeviceNumber(minor)));
    }

    public InitramfsBuilder blockDevice(String path, int permissions, int major, int minor) {
        return add(new DeviceNode(normalize(path), checkPermissions(permissions), DeviceNode.Kind.BLOCK,
                checkDeviceNumber(major), checkDeviceNumber(minor)));
    }

    public InitramfsBuilder symlink(String path, String target) {
        if (target.isEmpty()) {
            throw new IllegalArgumentException("symlink " + path + " needs a target");
        }
        return add(new Symlink(normalize(path), target));
    }

    /** Every entry that will be written, parents included, in archive order. */
    public List<InitramfsEntry> entries() {
        Map<String, InitramfsEntry> complete = new TreeMap<>(entries);
        for (InitramfsEntry entry : entries.values()) {
            for (String parent = parentOf(entry.path()); parent != null; parent = parentOf(parent)) {
                InitramfsEntry existing = complete.get(parent);
                if (existing == null) {
                    complete.put(parent, new Directory(parent, DIRECTORY_PERMISSIONS));
                } else if (!(existing instanceof Directory)) {
                    throw new IllegalStateException(entry.path() + " needs " + parent
                            + " to be a directory, but it was added as " + existing);
                }
            }
        }
        return List.copyOf(complete.values());
    }

    /** Writes the gzip'ed archive; the stream is finished but left open. */
    public void writeTo(OutputStream out) throws IOException {
        GzipParameters gzip = new GzipParameters();
        gzip.setCompressionLevel(Deflater.BEST_COMPRESSION);
        gzip.setModificationTime(0);
        gzip.setOS(GzipParameters.OS.UNIX);
        GzipCompressorOutputStream compressed = new GzipCompressorOutputStream(new NonClosing(out), gzip);
        writeCpioTo(compressed);
        compressed.close();
    }

    public byte[] toByteArray() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the uncompressed newc archive; the stream is finished but left open. */
    public void writeCpioTo(OutputStream out) throws IOException {
        List<InitramfsEntry> all = entries();
        CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(new NonClosing(out), CpioConstants.FORMAT_NEW,
                CpioConstants.BLOCK_SIZE, StandardCharsets.UTF_8.name());
        long inode = 1;
        for (InitramfsEntry entry : all) {
            byte[] data = dataOf(entry);
            CpioArchiveEntry header = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, entry.path(), data.length);
            header.setMode(typeBitsOf(entry) | entry.permissions());
            header.setUID(0);
            header.setGID(0);
            header.setTime(0);
            header.setInode(inode++);
            // Directories count "." and the parent's link; only nlink >= 2 on a non-directory means a hard link.
            header.setNumberOfLinks(entry instanceof Directory ? 2 : 1);
            if (entry instanceof DeviceNode node) {
                header.setRemoteDeviceMaj(node.major());
                header.setRemoteDeviceMin(node.minor());
            }
            cpio.putArchiveEntry(header);
            cpio.write(data);
            cpio.closeArchiveEntry();
        }
        cpio.close();
    }

    private InitramfsBuilder add(InitramfsEntry entry) {
        InitramfsEntry previous = entries.putIfAbsent(entry.path(), entry);
        if (previous != null) {
            throw new IllegalArgumentException(entry.path() + " is already in the initramfs as " + previous);
        }
        return this;
    }

    private static byte[] dataOf(InitramfsEntry entry) {
        if (entry instanceof RegularFile file) {
            return file.content();
        }
        if (entry instanceof Symlink link) {
            return link.target().getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    private static int typeBitsOf(InitramfsEntry entry) {
        if (entry instanceof Directory) {
            return CpioConstants.C_ISDIR;
        }
        if (entry instanceof RegularFile) {
            return CpioConstants.C_ISREG;
        }
        if (entry instanceof Symlink) {
            return CpioConstants.C_ISLNK;
        }
        DeviceNode node = (DeviceNode) entry;
        return node.kind() == DeviceNode.Kind.CHARACTER ? CpioConstants.C_ISCHR : CpioConstants.C_ISBLK;
    }

    /** "/bin/busybox", "bin/busybox" and "bin//busybox/" all name the archive member "bin/busybox". */
    static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                throw new IllegalArgumentException("initramfs paths may not contain . or ..: " + path);
            }
            parts.add(part);
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the initramfs root itself cannot be added: " + path);
        }
        return String.join("/", parts);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    private static int checkPermissions(int permissions) {
        if ((permissions & ~07777) != 0) {
            throw new IllegalArgumentException("permissions must be at most 07777, got 0" + Integer.toOctalString(permissions));
        }
        return permissions;
    }

    private static int checkDeviceNumber(int number) {
        if (number < 0) {
            throw new IllegalArgumentException("device numbers are not negative: " + number);
        }
        return number;
    }

    /** The archive and gzip streams close what they wrap when finishing; the caller owns {@code out}. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
