package dev.hilfarm.image.format;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a FIT blob and checks it as U-Boot would before booting it: every hash node of every
 * image against the image's payload, and every configuration signature whose key is given
 * against the regions its {@code hashed-nodes} and {@code hashed-strings} name. The first
 * mismatch is an {@link ImageFormatException} naming the byte offset of the payload or signature
 * that does not match; otherwise the answer is one line per image, hash, configuration and signature.
 */
public final class FitCheck {
    private FitCheck() {
    }

    /** Checks the blob; {@code keys} by key name (a signature whose key is not given is listed, not checked). */
    public static List<String> check(String source, byte[] blob, Map<String, RSAPublicKey> keys) {
        DeviceTree tree = DeviceTree.parse(source, blob);
        DeviceTreeNode images = tree.node("/images").orElseThrow(() -> new ImageFormatException(source, 0, "a device tree without /images is not a FIT"));
        Map<String, Integer> offsets = FdtRegions.valueOffsets(blob);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("FIT \"%s\": %d images, %d configurations, %d bytes", string(tree.root(), "description"),
                images.children().size(), tree.node("/configurations").map(n -> n.children().size()).orElse(0), blob.length));
        for (DeviceTreeNode image : images.children()) {
            byte[] data = payload(source, blob, image, offsets);
            StringBuilder line = new StringBuilder(String.format("  image %s: %s, %s %s, compression %s, %d bytes", image.name(),
                    string(image, "type"), string(image, "arch"), string(image, "os"), string(image, "compression"), data.length));
            image.property("load").flatMap(DeviceTreeProperty::asU32).ifPresent(a -> line.append(String.format(", load 0x%08x", a)));
            image.property("entry").flatMap(DeviceTreeProperty::asU32).ifPresent(a -> line.append(String.format(", entry 0x%08x", a)));
            lines.add(line.toString());
            for (DeviceTreeNode hash : image.children()) {
                if (!hash.name().startsWith("hash")) {
                    continue;
                }
                String algo = string(hash, "algo");
                FitHash h = FitHash.ofName(algo).orElseThrow(() -> new ImageFormatException(source,
                        offsets.getOrDefault(hash.path() + ":algo", 0), "image " + image.name() + ": unknown hash algorithm '" + algo + "'"));
                byte[] want = hash.property("value").map(DeviceTreeProperty::value).orElse(new byte[0]);
                byte[] got = h.of(data);
                if (!java.util.Arrays.equals(want, got)) {
                    throw new ImageFormatException(source, offsets.getOrDefault(image.path() + ":data", 0),
                            String.format("image %s: %s of the payload is %s, its %s node says %s", image.name(), algo,
                                    HexFormat.of().formatHex(got), hash.name(), HexFormat.of().formatHex(want)));
                }
                lines.add(String.format("    %s %s %s: OK", hash.name(), algo, HexFormat.of().formatHex(got)));
            }
        }
        Optional<DeviceTreeNode> configurations = tree.node("/configurations");
        if (configurations.isPresent()) {
            lines.add("  default configuration: " + string(configurations.get(), "default"));
            for (DeviceTreeNode config : configurations.get().children()) {
                List<String> roles = new ArrayList<>();
                for (DeviceTreeProperty p : config.properties()) {
                    if (!p.name().equals("description") && !p.asStrings().isEmpty()) {
                        roles.add(p.name() + "=" + String.join(",", p.asStrings()));
                    }
                }
                lines.add(String.format("  configuration %s: %s", config.name(), String.join(" ", roles)));
                for (DeviceTreeNode sig : config.children()) {
                    if (sig.name().startsWith("signature")) {
                        lines.add("    " + checkSignature(source, blob, config, sig, keys, offsets));
                    }
                }
            }
        }
        return lines;
    }

    private static String checkSignature(String source, byte[] blob, DeviceTreeNode config, DeviceTreeNode sig,
                                         Map<String, RSAPublicKey> keys, Map<String, Integer> offsets) {
        String algo = string(sig, "algo");
        String keyName = string(sig, "key-name-hint");
        int valueAt = offsets.getOrDefault(sig.path() + ":value", 0);
        RSAPublicKey key = keys.get(keyName);
        String head = sig.name() + " " + algo + " key '" + keyName + "'";
        if (key == null) {
            return head + ": not checked (no such key given)";
        }
        if (!algo.equals(FitImage.SIGNATURE_ALGORITHM)) {
            throw new ImageFormatException(source, offsets.getOrDefault(sig.path() + ":algo", 0), config.name() + ": signature algorithm '" + algo
                    + "' is not supported (only " + FitImage.SIGNATURE_ALGORITHM + ")");
        }
        List<String> nodes = sig.property("hashed-nodes").map(DeviceTreeProperty::asStrings).orElse(List.of());
        if (!nodes.contains(config.path())) {
            throw new ImageFormatException(source, offsets.getOrDefault(sig.path() + ":hashed-nodes", valueAt),
                    config.name() + ": " + sig.name() + " does not cover its own configuration node " + config.path());
        }
        int[] strings = sig.property("hashed-strings").flatMap(DeviceTreeProperty::asCells).orElse(new int[0]);
        if (strings.length != 2 || strings[1] < 0 || strings[1] > FdtRegions.stringsSize(blob)) {
            throw new ImageFormatException(source, offsets.getOrDefault(sig.path() + ":hashed-strings", valueAt),
                    config.name() + ": " + sig.name() + " has no usable hashed-strings <0 size>");
        }
        Set<String> included = new LinkedHashSet<>(nodes);
        byte[] value = sig.property("value").map(DeviceTreeProperty::value).orElse(new byte[0]);
        boolean ok;
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(FdtRegions.signedBytes(blob, included, strings[1]));
            ok = s.verify(value);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new ImageFormatException(source, valueAt, config.name() + ": " + head + " does not verify: the signed nodes or strings were changed");
        }
        return head + ": OK (" + nodes.size() + " nodes)";
    }

    /** The payload: inline {@code data}, or external after the tree ({@code data-offset}) or anywhere ({@code data-position}). */
    static byte[] payload(String source, byte[] blob, DeviceTreeNode image, Map<String, Integer> offsets) {
        Optional<DeviceTreeProperty> data = image.property("data");
        if (data.isPresent()) {
            return data.get().value();
        }
        int size = image.property("data-size").flatMap(DeviceTreeProperty::asU32)
                .orElseThrow(() -> new ImageFormatException(source, 0, "image " + image.name() + " has neither data nor data-size"));
        long start;
        Optional<Integer> position = image.property("data-position").flatMap(DeviceTreeProperty::asU32);
        if (position.isPresent()) {
            start = position.get() & 0xffffffffL;
        } else {
            int offset = image.property("data-offset").flatMap(DeviceTreeProperty::asU32)
                    .orElseThrow(() -> new ImageFormatException(source, 0, "image " + image.name() + " has data-size but no data-offset"));
            int total = java.nio.ByteBuffer.wrap(blob).getInt(4);
            start = ((total + 3L) & ~3L) + (offset & 0xffffffffL);
        }
        if (start + (size & 0xffffffffL) > blob.length) {
            throw new ImageFormatException(source, blob.length, "file ends inside the external payload of image " + image.name()
                    + " (bytes " + start + " to " + (start + size) + ")");
        }
        return java.util.Arrays.copyOfRange(blob, (int) start, (int) (start + size));
    }

    private static String string(DeviceTreeNode node, String property) {
        return node.property(property).flatMap(DeviceTreeProperty::asString).orElse("?");
    }
}
