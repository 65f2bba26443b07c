package dev.hilfarm.emulator.boot;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import dev.hilfarm.emulator.machine.InvalidImageException;
import java.util.Optional;

/**
 * The edits QEMU 7.2 makes to a {@code -dtb} before handing it to the kernel
 * ({@code arm_load_dtb} in hw/arm/boot.c, then vexpress's {@code modify_dtb}), with new nodes
 * and properties put where libfdt puts them, so that dtc shows the same tree for both:
 * <ol>
 * <li>every root node named {@code memory} or {@code memory@...} goes, and a new
 *     {@code /memory@<RAM base>} with {@code reg = <base size>} (in the root's
 *     {@code #address-cells}/{@code #size-cells}) and {@code device_type = "memory"} comes;</li>
 * <li>{@code /chosen} is created if missing; {@code bootargs} is set if the command line is not
 *     empty; {@code linux,initrd-start} and {@code linux,initrd-end} are set, one 32-bit cell
 *     each, if there is an initrd;</li>
 * <li>vexpress: four {@code virtio_mmio@1001x000} nodes for the idle virtio-mmio transports QEMU
 *     puts at 0x10013000 (SPI 40-43), wired to the GIC's phandle, if the tree has a
 *     {@code arm,cortex-a9-gic}.</li>
 * </ol>
 * libfdt inserts a new property before a node's existing ones and a new node before its parent's
 * existing children; an existing property keeps its place. QEMU sets neither
 * {@code stdout-path} nor a PSCI node on vexpress-a9.
 */
public final class BootDeviceTree {
    /** QEMU's virtio-mmio transports on the vexpress legacy map (motherboard_legacy_map VE_VIRTIO). */
    public static final long VEXPRESS_VIRTIO_BASE = 0x10013000L;
    public static final int VEXPRESS_VIRTIO_TRANSPORTS = 4;
    public static final long VEXPRESS_VIRTIO_STRIDE = 0x200;
    public static final int VEXPRESS_VIRTIO_FIRST_SPI = 40;
    static final String VEXPRESS_GIC_COMPATIBLE = "arm,cortex-a9-gic";
    /** GIC interrupt specifier: SPI, and edge-triggered (rising). */
    private static final int GIC_SPI = 0;
    private static final int GIC_EDGE_RISING = 1;

    private BootDeviceTree() {
    }

    /**
     * Applies QEMU's generic edits (memory, chosen, bootargs, initrd) to {@code tree}.
     *
     * @param dtbName    for messages
     * @param bootargs   the kernel command line; empty leaves {@code bootargs} as it is
     * @param initrdSize 0 when there is no initrd (the initrd properties are then left as they are)
     */
    public static void applyLoaderEdits(DeviceTree tree, String dtbName, long ramBase, long ramSize,
                                        String bootargs, long initrdStart, long initrdSize) {
        int addressCells = rootCells(tree, dtbName, "#address-cells");
        int sizeCells = rootCells(tree, dtbName, "#size-cells");
        if (addressCells == 0 || sizeCells == 0) {
            throw new InvalidImageException(dtbName + ": invalid dtb: the root's #address-cells or #size-cells is 0");
        }
        byte[] reg;
        try {
            reg = DeviceTreeProperty.sizedCells(new int[] {addressCells, sizeCells}, new long[] {ramBase, ramSize});
        } catch (IllegalArgumentException e) {
            throw new InvalidImageException(String.format("%s: cannot write /memory reg with #address-cells %d and #size-cells %d: %s",
                    dtbName, addressCells, sizeCells, e.getMessage()));
        }

        DeviceTreeNode root = tree.root();
        root.removeChildren(n -> n.name().equals("memory") || n.name().startsWith("memory@"));
        DeviceTreeNode memory = addSubnode(root, "memory@" + Long.toHexString(ramBase), dtbName);
        setProperty(memory, "device_type", DeviceTreeProperty.string("memory"));
        setProperty(memory, "reg", reg);

        DeviceTreeNode chosen = tree.node("/chosen").orElseGet(() -> addSubnode(root, "chosen", dtbName));
        if (bootargs != null && !bootargs.isEmpty()) {
            setProperty(chosen, "bootargs", DeviceTreeProperty.string(bootargs));
        }
        if (initrdSize > 0) {
            // One cell each, whatever #address-cells says: QEMU 7.2 writes them with setprop_cell.
            setProperty(chosen, "linux,initrd-start", DeviceTreeProperty.cells((int) initrdStart));
            setProperty(chosen, "linux,initrd-end", DeviceTreeProperty.cells((int) (initrdStart + initrdSize)));
        }
    }

    /**
     * vexpress's addition: nodes for QEMU's four virtio-mmio transports, inserted last-first so
     * they end up in address order. Returns a warning (as QEMU prints one) when the tree has no
     * GIC to wire them to, in which case nothing is added.
     */
    public static Optional<String> addVexpressVirtioTransports(DeviceTree tree, String dtbName) {
        int addressCells = rootCells(tree, dtbName, "#address-cells");
        int sizeCells = rootCells(tree, dtbName, "#size-cells");
        int gicPhandle = tree.findCompatible(VEXPRESS_GIC_COMPATIBLE).map(BootDeviceTree::phandle).orElse(0);
        if (gicPhandle == 0) {
            return Optional.of(dtbName + ": couldn't find interrupt controller in dtb; will not include virtio-mmio devices in the dtb");
        }
        for (int i = VEXPRESS_VIRTIO_TRANSPORTS - 1; i >= 0; i--) {
            long address = VEXPRESS_VIRTIO_BASE + VEXPRESS_VIRTIO_STRIDE * i;
            DeviceTreeNode node = addSubnode(tree.root(), "virtio_mmio@" + Long.toHexString(address), dtbName);
            setProperty(node, "compatible", DeviceTreeProperty.string("virtio,mmio"));
            setProperty(node, "reg", DeviceTreeProperty.sizedCells(new int[] {addressCells, sizeCells},
                    new long[] {address, VEXPRESS_VIRTIO_STRIDE}));
            setProperty(node, "interrupt-parent", DeviceTreeProperty.cells(gicPhandle));
            setProperty(node, "interrupts", DeviceTreeProperty.cells(GIC_SPI, VEXPRESS_VIRTIO_FIRST_SPI + i, GIC_EDGE_RISING));
            setProperty(node, "dma-coherent", new byte[0]);
        }
        return Optional.empty();
    }

    /** A node's phandle as libfdt reads it: {@code phandle}, else {@code linux,phandle}; 0 for none. */
    static int phandle(DeviceTreeNode node) {
        return node.property("phandle").flatMap(DeviceTreeProperty::asU32)
                .or(() -> node.property("linux,phandle").flatMap(DeviceTreeProperty::asU32))
                .orElse(0);
    }

    private static int rootCells(DeviceTree tree, String dtbName, String property) {
        DeviceTreeProperty p = tree.root().property(property).orElseThrow(() -> new InvalidImageException(
                dtbName + ": the root node has no " + property + " property, which the loader needs to write /memory"));
        return p.asU32().orElseThrow(() -> new InvalidImageException(
                dtbName + ": the root node's " + property + " is " + p.length() + " bytes long, not one 4-byte cell"));
    }

    /** libfdt's fdt_setprop: an existing property keeps its place, a new one goes first. */
    static void setProperty(DeviceTreeNode node, String name, byte[] value) {
        if (node.propertyIndex(name) >= 0) {
            node.setProperty(name, value);
        } else {
            node.insertProperty(0, name, value);
        }
    }

    /** libfdt's fdt_add_subnode: the new node goes before the existing children; an existing name is an error. */
    static DeviceTreeNode addSubnode(DeviceTreeNode parent, String name, String dtbName) {
        if (parent.childNamed(name).isPresent()) {
            throw new InvalidImageException(dtbName + ": cannot create " + pathUnder(parent, name) + ": the dtb already has that node");
        }
        return parent.insertChild(0, name);
    }

    private static String pathUnder(DeviceTreeNode parent, String name) {
        String p = parent.path();
        return p.equals("/") ? "/" + name : p + "/" + name;
    }
}
