package dev.hilfarm.image.format;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import dev.hilfarm.image.format.disk.DiskImageReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code hil image inspect} prints: the format of a file, recognised by its magic, and its
 * structure, checked as it is read. A corrupt or truncated file is an {@link ImageFormatException}
 * (or, for device trees, a {@code DeviceTreeFormatException}) naming the byte offset.
 */
public final class ImageInspection {
    /** Files above this size are not read whole; only disk and sparse images are that large. */
    private static final long WHOLE_FILE_LIMIT = 512L << 20;

    private ImageInspection() {
    }

    /** The structure of {@code file}; FIT signatures are checked with {@code keys} (by key name). */
    public static String describe(Path file, Map<String, RSAPublicKey> keys) throws IOException {
        String source = file.toString();
        byte[] head = head(file, 1024);
        ByteBuffer b = ByteBuffer.wrap(head);
        if (head.length >= 4 && b.getInt(0) == UImage.MAGIC) {
            return UImage.parse(source, readWhole(file)).describe(source);
        }
        if (SparseImage.hasMagic(head)) {
            return SparseImage.read(file).describe(40);
        }
        if (head.length >= 4 && b.getInt(0) == 0xd00dfeed) {
            byte[] blob = readWhole(file);
            DeviceTree tree = DeviceTree.parse(source, blob);
            if (FitImage.isFit(tree)) {
                return String.join("\n", FitCheck.check(source, blob, keys));
            }
            return describeDtb(tree, blob.length);
        }
        if (AndroidBootImage.hasMagic(head)) {
            return AndroidBootImage.parse(source, readWhole(file)).describe();
        }
        if (head.length >= 512 && (head[510] & 0xff) == 0x55 && (head[511] & 0xff) == 0xaa) {
            // A FAT boot sector ends in 55 aa too; its BPB tells it from a partition table.
            return DiskImageReader.startsWithFatVolume(file) ? DiskImageReader.describeFatVolume(file) : DiskImageReader.describe(file);
        }
        throw new ImageFormatException(source, 0, "not a format hil knows (uImage, FIT, dtb, Android sparse, Android boot image, MBR or GPT disk image, FAT file system)");
    }

    private static String describeDtb(DeviceTree tree, int size) {
        List<String> lines = new ArrayList<>();
        String model = tree.root().property("model").flatMap(DeviceTreeProperty::asString).orElse("?");
        String compatible = String.join(", ", tree.root().property("compatible").map(DeviceTreeProperty::asStrings).orElse(List.of()));
        List<DeviceTreeNode> nodes = tree.root().subtree();
        lines.add(String.format("device tree blob: model \"%s\", compatible %s, %d nodes, %d reservations, %d bytes",
                model, compatible, nodes.size(), tree.reservations().size(), size));
        for (DeviceTreeNode child : tree.root().children()) {
            lines.add("  " + child.path() + " (" + child.subtree().size() + " nodes)");
        }
        return String.join("\n", lines);
    }

    static byte[] head(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    private static byte[] readWhole(Path file) throws IOException {
        long size = Files.size(file);
        if (size > WHOLE_FILE_LIMIT) {
            throw new ImageFormatException(file.toString(), WHOLE_FILE_LIMIT, "file is " + size + " bytes, too large for this format");
        }
        return Files.readAllBytes(file);
    }
}
