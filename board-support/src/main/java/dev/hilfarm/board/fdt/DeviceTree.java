package dev.hilfarm.board.fdt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A flattened device tree (the {@code .dtb} a Linux kernel is booted with) as a small mutable
 * tree: the root {@link DeviceTreeNode}, the memory reservation map and the boot CPU's physical
 * ID. {@link #parse} reads blobs of versions 16 and 17 (later ones that declare themselves
 * readable as 17); {@link #toDtb} writes version 17 exactly as dtc lays it out.
 */
public final class DeviceTree {
    /** One entry of the memory reservation map: memory the kernel must not use. */
    public record Reservation(long address, long size) {
    }

    private final DeviceTreeNode root = new DeviceTreeNode("", null);
    private final List<Reservation> reservations = new ArrayList<>();
    private int bootCpuId;

    /** A tree with an empty root node, no reservations and boot CPU 0. */
    public static DeviceTree empty() {
        return new DeviceTree();
    }

    /** Reads a blob; {@code source} names it in error messages. */
    public static DeviceTree parse(String source, byte[] blob) {
        return DeviceTreeReader.read(source, blob);
    }

    /** Reads a {@code .dtb} file. */
    public static DeviceTree read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** The blob: version 17, last compatible version 16, no free space. */
    public byte[] toDtb() {
        return DeviceTreeWriter.write(this, 0);
    }

    /**
     * The blob padded with zeros to at least {@code minimumTotalSize} bytes, the padding counted
     * in its {@code totalsize} as free space (as libfdt leaves a blob it was given room to edit).
     */
    public byte[] toDtb(int minimumTotalSize) {
        return DeviceTreeWriter.write(this, minimumTotalSize);
    }

    public DeviceTreeNode root() {
        return root;
    }

    /** The memory reservation map, in order; mutable. */
    public List<Reservation> reservations() {
        return reservations;
    }

    /** The physical ID of the CPU the kernel starts on (header field {@code boot_cpuid_phys}). */
    public int bootCpuId() {
        return bootCpuId;
    }

    public void setBootCpuId(int id) {
        bootCpuId = id;
    }

    /**
     * The node at {@code path}, resolved as libfdt's {@code fdt_path_offset} does: components are
     * matched with {@link DeviceTreeNode#child}, and a path that does not start with {@code /}
     * starts with an alias from {@code /aliases}.
     */
    public Optional<DeviceTreeNode> node(String path) {
        DeviceTreeNode at;
        String rest;
        if (path.startsWith("/")) {
            at = root;
            rest = path;
        } else {
            int slash = path.indexOf('/');
            String alias = slash < 0 ? path : path.substring(0, slash);
            Optional<String> target = root.child("aliases").flatMap(a -> a.property(alias)).flatMap(DeviceTreeProperty::asString);
            if (target.isEmpty() || !target.get().startsWith("/")) {
                return Optional.empty();
            }
            Optional<DeviceTreeNode> aliased = node(target.get());
            if (aliased.isEmpty()) {
                return Optional.empty();
            }
            at = aliased.get();
            rest = slash < 0 ? "" : path.substring(slash);
        }
        for (String component : rest.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            Optional<DeviceTreeNode> next = at.child(component);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(at);
    }

    /** The node at an absolute {@code path}, creating missing nodes along the way (each as its parent's last child). */
    public DeviceTreeNode createNode(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute node path: " + path);
        }
        DeviceTreeNode at = root;
        for (String component : path.split("/")) {
            if (component.isEmpty()) {
                continue;
            }
            Optional<DeviceTreeNode> next = at.child(component);
            at = next.isPresent() ? next.get() : at.addChild(component);
        }
        return at;
    }

    /** The first node, in blob order, whose {@code compatible} list contains {@code compatible}. */
    public Optional<DeviceTreeNode> findCompatible(String compatible) {
        for (DeviceTreeNode node : root.subtree()) {
            if (node.property("compatible").map(p -> p.asStrings().contains(compatible)).orElse(false)) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** Same boot CPU, reservations and nodes (in the same order) as {@code other}. */
    public boolean sameContentAs(DeviceTree other) {
        return bootCpuId == other.bootCpuId && reservations.equals(other.reservations) && root.sameContentAs(other.root);
    }
}
