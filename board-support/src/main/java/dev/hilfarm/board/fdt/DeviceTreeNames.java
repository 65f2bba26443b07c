package dev.hilfarm.board.fdt;

/**
 * Checks the names that callers give nodes and properties. Names are stored in the blob as
 * NUL-terminated bytes and written back byte for byte, so they are kept to printable ASCII; the
 * devicetree specification's narrower character sets are dtc's business (it warns), not a
 * loader's. Names read from a blob are taken as they are.
 */
final class DeviceTreeNames {
    private DeviceTreeNames() {
    }

    static String checkNodeName(String name) {
        checkPrintable(name, "node");
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a node name cannot contain '/': \"" + name + "\"");
        }
        return name;
    }

    static String checkPropertyName(String name) {
        return checkPrintable(name, "property");
    }

    private static String checkPrintable(String name, String what) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a " + what + " name cannot be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException(String.format("%s name \"%s\" has character 0x%02x at %d; names are printable ASCII",
                        what, name, (int) c, i));
            }
        }
        return name;
    }
}
