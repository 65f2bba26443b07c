package dev.hilfarm.board.fdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A node of a {@link DeviceTree}: a name, properties in order and child nodes in order. Order is
 * kept because it is part of what a blob says (dtc prints nodes and properties in blob order),
 * so callers choose where a new property or node goes: {@code set...} replaces a property in
 * place or appends it, {@code insert...} puts it at an index.
 *
 * <p>Property names are unique within a node, and so are child names, as dtc requires.
 */
public final class DeviceTreeNode {
    private final String name;
    private final DeviceTreeNode parent;
    private final List<DeviceTreeProperty> properties = new ArrayList<>();
    private final List<DeviceTreeNode> children = new ArrayList<>();

    DeviceTreeNode(String name, DeviceTreeNode parent) {
        this.name = name;
        this.parent = parent;
    }

    /** The full name, unit address included ({@code memory@60000000}); empty for the root. */
    public String name() {
        return name;
    }

    /** The name without its unit address ({@code memory}). */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** The node's absolute path ({@code /} for the root). */
    public String path() {
        if (parent == null) {
            return "/";
        }
        String above = parent.path();
        return above.equals("/") ? "/" + name : above + "/" + name;
    }

    public Optional<DeviceTreeNode> parent() {
        return Optional.ofNullable(parent);
    }

    public List<DeviceTreeProperty> properties() {
        return Collections.unmodifiableList(properties);
    }

    public List<DeviceTreeNode> children() {
        return Collections.unmodifiableList(children);
    }

    // ---- properties ----

    public Optional<DeviceTreeProperty> property(String propertyName) {
        int index = propertyIndex(propertyName);
        return index < 0 ? Optional.empty() : Optional.of(properties.get(index));
    }

    /** Where the property is among this node's properties, or -1. */
    public int propertyIndex(String propertyName) {
        for (int i = 0; i < properties.size(); i++) {
            if (properties.get(i).name().equals(propertyName)) {
                return i;
            }
        }
        return -1;
    }

    /** Sets a property: an existing one keeps its place and gets the new value, a new one goes last. */
    public DeviceTreeNode setProperty(String propertyName, byte[] value) {
        DeviceTreeProperty property = new DeviceTreeProperty(propertyName, value);
        int index = propertyIndex(propertyName);
        if (index >= 0) {
            properties.set(index, property);
        } else {
            properties.add(property);
        }
        return this;
    }

    /** Adds a new property at {@code index} (0 = first); the name must not be taken. */
    public DeviceTreeNode insertProperty(int index, String propertyName, byte[] value) {
        if (propertyIndex(propertyName) >= 0) {
            throw new IllegalArgumentException(path() + " already has a property " + propertyName);
        }
        properties.add(index, new DeviceTreeProperty(propertyName, value));
        return this;
    }

    public DeviceTreeNode setString(String propertyName, String value) {
        return setProperty(propertyName, DeviceTreeProperty.string(value));
    }

    public DeviceTreeNode setStrings(String propertyName, List<String> values) {
        return setProperty(propertyName, DeviceTreeProperty.strings(values));
    }

    /** Sets big-endian 32-bit cells ({@code interrupts = <0 40 1>}). */
    public DeviceTreeNode setCells(String propertyName, int... cells) {
        return setProperty(propertyName, DeviceTreeProperty.cells(cells));
    }

    public DeviceTreeNode setU32(String propertyName, int value) {
        return setProperty(propertyName, DeviceTreeProperty.cells(value));
    }

    public DeviceTreeNode setU64(String propertyName, long value) {
        return setProperty(propertyName, DeviceTreeProperty.u64(value));
    }

    /** Sets {@code <address size>} with the given cell widths, as a {@code reg} entry is written. */
    public DeviceTreeNode setReg(String propertyName, int addressCells, long address, int sizeCells, long size) {
        return setProperty(propertyName, DeviceTreeProperty.sizedCells(new int[] {addressCells, sizeCells}, new long[] {address, size}));
    }

    /** Sets a property without a value ({@code dma-coherent;}). */
    public DeviceTreeNode setFlag(String propertyName) {
        return setProperty(propertyName, new byte[0]);
    }

    public boolean removeProperty(String propertyName) {
        int index = propertyIndex(propertyName);
        if (index < 0) {
            return false;
        }
        properties.remove(index);
        return true;
    }

    /** For the reader: appends without copying; false if the name is already taken. */
    boolean appendTrusted(DeviceTreeProperty property) {
        if (propertyIndex(property.name()) >= 0) {
            return false;
        }
        properties.add(property);
        return true;
    }

    // ---- children ----

    /**
     * The first child that {@code childName} names, by libfdt's rule: the name matches exactly,
     * or, when {@code childName} has no unit address, a child with that base name and any unit
     * address ({@code chosen} finds {@code chosen}, {@code memory} finds {@code memory@60000000}).
     */
    public Optional<DeviceTreeNode> child(String childName) {
        boolean hasUnit = childName.indexOf('@') >= 0;
        for (DeviceTreeNode child : children) {
            String n = child.name;
            if (n.equals(childName)
                    || (!hasUnit && n.length() > childName.length() && n.startsWith(childName) && n.charAt(childName.length()) == '@')) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** The child with exactly this name. */
    public Optional<DeviceTreeNode> childNamed(String exactName) {
        for (DeviceTreeNode child : children) {
            if (child.name.equals(exactName)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** Adds a new child as the last one; the name must not be taken. */
    public DeviceTreeNode addChild(String childName) {
        return insertChild(children.size(), childName);
    }

    /** Adds a new child at {@code index} (0 = first); the name must not be taken. */
    public DeviceTreeNode insertChild(int index, String childName) {
        DeviceTreeNames.checkNodeName(childName);
        if (childNamed(childName).isPresent()) {
            throw new IllegalArgumentException(path() + " already has a child node " + childName);
        }
        DeviceTreeNode child = new DeviceTreeNode(childName, this);
        children.add(index, child);
        return child;
    }

    /** For the reader: appends a child; null if the name is already taken. */
    DeviceTreeNode appendTrustedChild(String childName) {
        if (childNamed(childName).isPresent()) {
            return null;
        }
        DeviceTreeNode child = new DeviceTreeNode(childName, this);
        children.add(child);
        return child;
    }

    /** Removes the children {@code which} accepts; returns how many went. */
    public int removeChildren(Predicate<DeviceTreeNode> which) {
        int before = children.size();
        children.removeIf(which);
        return before - children.size();
    }

    /** This node and everything below it, depth first in blob order. */
    public List<DeviceTreeNode> subtree() {
        List<DeviceTreeNode> nodes = new ArrayList<>();
        collect(nodes);
        return nodes;
    }

    private void collect(List<DeviceTreeNode> into) {
        into.add(this);
        for (DeviceTreeNode child : children) {
            child.collect(into);
        }
    }

    /** Same name, same properties in the same order, equal children in the same order. */
    public boolean sameContentAs(DeviceTreeNode other) {
        if (!name.equals(other.name) || !properties.equals(other.properties) || children.size() != other.children.size()) {
            return false;
        }
        for (int i = 0; i < children.size(); i++) {
            if (!children.get(i).sameContentAs(other.children.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return path();
    }
}
