package dev.hilfarm.image.format;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Flattened Image Tree (U-Boot's FIT, {@code .itb}): a device tree whose {@code /images} node
 * holds the payloads with their hash nodes and whose {@code /configurations} say which images
 * boot together. Written on the project's own device tree code, with the payloads inline (as
 * {@code mkimage -f} without {@code -E}).
 *
 * <p>Configurations that name a key get a {@code signature-1} node in U-Boot's verified-boot
 * layout: RSA-2048 over SHA-256 (PKCS#1 v1.5) of the blob regions {@link FdtRegions} picks for
 * the root, the configuration, and each signed image with its hash nodes, plus the strings
 * block. Because the payloads are excluded from those regions, it is the images' hash nodes that
 * tie the payloads to the signature.
 */
public record FitImage(String description, int timestamp, List<FitComponent> components, List<FitConfiguration> configurations,
                       String defaultConfiguration) {
    public static final String SIGNATURE_ALGORITHM = "sha256,rsa2048";
    public static final String SIGNATURE_NODE = "signature-1";
    /** Roles in the order they are written into a configuration and signed. */
    static final List<String> ROLE_ORDER = List.of("kernel", "fdt", "ramdisk", "firmware", "standalone", "loadables", "script");

    public FitImage {
        components = List.copyOf(components);
        configurations = List.copyOf(configurations);
    }

    /** Writes the blob atomically (temporary file, then rename). */
    public void write(java.nio.file.Path target, Map<String, RSAPrivateKey> keys) throws java.io.IOException {
        dev.hilfarm.image.AtomicFiles.write(target, toBlob(keys));
    }

    /** The blob, signing each configuration that names a key with that key from {@code keys} (by key name). */
    public byte[] toBlob(Map<String, RSAPrivateKey> keys) {
        DeviceTree tree = toTree();
        List<FitConfiguration> signed = configurations.stream().filter(c -> c.signingKeyName().isPresent()).toList();
        if (signed.isEmpty()) {
            return tree.toDtb();
        }
        // The signature covers the first hashed-strings bytes of the strings block, which
        // already include the signature nodes' own property names: write once to learn the size.
        int stringsSize = FdtRegions.stringsSize(tree.toDtb());
        for (FitConfiguration c : signed) {
            signatureNode(tree, c).setCells("hashed-strings", 0, stringsSize);
        }
        byte[] blob = tree.toDtb();
        for (FitConfiguration c : signed) {
            String keyName = c.signingKeyName().get();
            RSAPrivateKey key = keys.get(keyName);
            if (key == null) {
                throw new IllegalArgumentException("configuration " + c.name() + " is to be signed with key '" + keyName + "', which was not given");
            }
            DeviceTreeNode sig = signatureNode(tree, c);
            Set<String> nodes = new LinkedHashSet<>(sig.property("hashed-nodes").orElseThrow().asStrings());
            sig.setProperty("value", sign(key, FdtRegions.signedBytes(blob, nodes, stringsSize)));
        }
        // Setting a value of the same length moves nothing the signatures cover.
        return tree.toDtb();
    }

    private static DeviceTreeNode signatureNode(DeviceTree tree, FitConfiguration c) {
        return tree.node("/configurations/" + c.name() + "/" + SIGNATURE_NODE).orElseThrow();
    }

    static byte[] sign(RSAPrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with the given RSA key: " + e.getMessage(), e);
        }
    }

    /** The tree with hashes computed and signature nodes complete but for their values (zeros). */
    DeviceTree toTree() {
        DeviceTree tree = DeviceTree.empty();
        DeviceTreeNode root = tree.root();
        root.setU32("timestamp", timestamp);
        root.setString("description", description);
        root.setU32("#address-cells", 1);
        DeviceTreeNode images = root.addChild("images");
        for (FitComponent c : components) {
            DeviceTreeNode n = images.addChild(c.name());
            n.setString("description", c.description());
            n.setProperty("data", c.data());
            n.setString("type", c.type().ubootName());
            n.setString("arch", c.arch().ubootName());
            n.setString("os", c.os().ubootName());
            n.setString("compression", c.compression().ubootName());
            c.loadAddress().ifPresent(a -> n.setU32("load", (int) a));
            c.entryPoint().ifPresent(a -> n.setU32("entry", (int) a));
            int i = 1;
            for (FitHash h : c.hashes()) {
                DeviceTreeNode hash = n.addChild("hash-" + i++);
                hash.setString("algo", h.ubootName());
                hash.setProperty("value", h.of(c.data()));
            }
        }
        DeviceTreeNode configs = root.addChild("configurations");
        configs.setString("default", defaultConfiguration);
        for (FitConfiguration c : configurations) {
            DeviceTreeNode n = configs.addChild(c.name());
            n.setString("description", c.description());
            List<String> roles = roles(c);
            for (String role : roles) {
                n.setStrings(role, c.images().get(role));
            }
            if (c.signingKeyName().isPresent()) {
                DeviceTreeNode sig = n.addChild(SIGNATURE_NODE);
                sig.setString("algo", SIGNATURE_ALGORITHM);
                sig.setString("key-name-hint", c.signingKeyName().get());
                sig.setStrings("sign-images", roles);
                sig.setProperty("value", new byte[256]);
                sig.setString("signer-name", "hilfarm");
                sig.setU32("timestamp", timestamp);
                sig.setStrings("hashed-nodes", hashedNodes(c, roles));
                sig.setCells("hashed-strings", 0, 0);
            }
        }
        return tree;
    }

    private static List<String> roles(FitConfiguration c) {
        List<String> roles = new ArrayList<>();
        for (String role : ROLE_ORDER) {
            if (c.images().containsKey(role)) {
                roles.add(role);
            }
        }
        for (String role : c.images().keySet()) {
            if (!roles.contains(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    /** What U-Boot's signer lists: the root, the configuration, then each signed image and its hash nodes. */
    private List<String> hashedNodes(FitConfiguration c, List<String> roles) {
        List<String> nodes = new ArrayList<>(List.of("/", "/configurations/" + c.name()));
        for (String role : roles) {
            for (String imageName : c.images().get(role)) {
                FitComponent image = components.stream().filter(x -> x.name().equals(imageName)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("configuration " + c.name() + " names image '" + imageName + "', which the FIT does not have"));
                if (image.hashes().isEmpty()) {
                    throw new IllegalArgumentException("image " + imageName + " of signed configuration " + c.name()
                            + " has no hash node: U-Boot refuses to sign or check it");
                }
                String path = "/images/" + imageName;
                if (!nodes.contains(path)) {
                    nodes.add(path);
                    for (int i = 1; i <= image.hashes().size(); i++) {
                        nodes.add(path + "/hash-" + i);
                    }
                }
            }
        }
        return nodes;
    }

    /**
     * Reads a FIT back into its parts (payloads inline or external), without checking hashes or
     * signatures ({@link FitCheck} does that). A configuration's signing key is the
     * {@code key-name-hint} of its first signature node.
     */
    public static FitImage parse(String source, byte[] blob) {
        DeviceTree tree = DeviceTree.parse(source, blob);
        DeviceTreeNode images = tree.node("/images").orElseThrow(() -> new ImageFormatException(source, 0, "a device tree without /images is not a FIT"));
        Map<String, Integer> offsets = FdtRegions.valueOffsets(blob);
        List<FitComponent> components = new ArrayList<>();
        for (DeviceTreeNode n : images.children()) {
            List<FitHash> hashes = new ArrayList<>();
            for (DeviceTreeNode h : n.children()) {
                if (h.name().startsWith("hash")) {
                    String algo = text(h, "algo").orElse("");
                    hashes.add(FitHash.ofName(algo).orElseThrow(() -> new ImageFormatException(source,
                            offsets.getOrDefault(h.path() + ":algo", 0), n.name() + ": unknown hash algorithm '" + algo + "'")));
                }
            }
            components.add(new FitComponent(n.name(), text(n, "description").orElse(""),
                    named(source, n, "type", offsets, ImageType::ofName), named(source, n, "arch", offsets, ImageArch::ofName),
                    named(source, n, "os", offsets, ImageOs::ofName),
                    n.property("compression").isPresent() ? named(source, n, "compression", offsets, ImageCompression::ofName) : ImageCompression.NONE,
                    FitCheck.payload(source, blob, n, offsets), address(n, "load"), address(n, "entry"), hashes));
        }
        List<FitConfiguration> configurations = new ArrayList<>();
        Optional<DeviceTreeNode> configs = tree.node("/configurations");
        for (DeviceTreeNode c : configs.map(DeviceTreeNode::children).orElse(List.of())) {
            Map<String, List<String>> roles = new java.util.LinkedHashMap<>();
            for (dev.hilfarm.board.fdt.DeviceTreeProperty p : c.properties()) {
                if (!p.name().equals("description") && !p.asStrings().isEmpty()) {
                    roles.put(p.name(), p.asStrings());
                }
            }
            Optional<String> key = c.children().stream().filter(x -> x.name().startsWith("signature")).findFirst()
                    .flatMap(sig -> text(sig, "key-name-hint"));
            configurations.add(new FitConfiguration(c.name(), text(c, "description").orElse(""), roles, key));
        }
        int timestamp = tree.root().property("timestamp").flatMap(dev.hilfarm.board.fdt.DeviceTreeProperty::asU32).orElse(0);
        return new FitImage(text(tree.root(), "description").orElse(""), timestamp, components, configurations,
                configs.flatMap(c -> text(c, "default")).orElse(""));
    }

    private static Optional<String> text(DeviceTreeNode node, String property) {
        return node.property(property).flatMap(dev.hilfarm.board.fdt.DeviceTreeProperty::asString);
    }

    private static java.util.OptionalLong address(DeviceTreeNode node, String property) {
        Optional<int[]> cells = node.property(property).flatMap(dev.hilfarm.board.fdt.DeviceTreeProperty::asCells);
        if (cells.isEmpty() || cells.get().length == 0 || cells.get().length > 2) {
            return java.util.OptionalLong.empty();
        }
        int[] c = cells.get();
        return java.util.OptionalLong.of(c.length == 1 ? c[0] & 0xffffffffL : ((long) c[0] << 32) | (c[1] & 0xffffffffL));
    }

    private static <T> T named(String source, DeviceTreeNode node, String property, Map<String, Integer> offsets,
                               java.util.function.Function<String, Optional<T>> lookup) {
        String name = text(node, property).orElse("");
        return lookup.apply(name).orElseThrow(() -> new ImageFormatException(source, offsets.getOrDefault(node.path() + ":" + property, 0),
                "image " + node.name() + ": " + property + " '" + name + "' is not one hil knows"));
    }

    /** Whether a device tree blob is a FIT (it has {@code /images}). */
    public static boolean isFit(DeviceTree tree) {
        return tree.node("/images").isPresent();
    }

    public Optional<FitConfiguration> configuration(String name) {
        return configurations.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
