package dev.hilfarm.image.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a device tree blob that a FIT configuration signature covers, chosen by the rule
 * U-Boot's verified boot uses (libfdt's {@code fdt_find_regions}): for each node listed in
 * {@code hashed-nodes}, its BEGIN_NODE tag, its properties (less the excluded ones, the image
 * payloads) and its END_NODE tag; for the ancestors and direct children of a listed node only
 * their BEGIN_NODE and END_NODE tags; the END tag; then the first {@code hashed-strings} bytes of
 * the strings block. The signature is over these bytes one after the other.
 *
 * <p>Works on a blob that {@code DeviceTree.parse} has already accepted, and also records where
 * each property's value is, so that a failed check can name a byte offset.
 */
final class FdtRegions {
    static final Set<String> PAYLOAD_PROPERTIES = Set.of("data", "data-size", "data-position", "data-offset");
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;
    private static final int END = 9;

    /** A byte range of the blob. */
    record Region(int offset, int size) {
    }

    private FdtRegions() {
    }

    static int structStart(byte[] blob) {
        return ByteBuffer.wrap(blob).getInt(8);
    }

    static int stringsStart(byte[] blob) {
        return ByteBuffer.wrap(blob).getInt(12);
    }

    static int stringsSize(byte[] blob) {
        return ByteBuffer.wrap(blob).getInt(32);
    }

    /** The structure-block regions for {@code includedNodes} (absolute paths), in blob order and merged. */
    static List<Region> find(byte[] blob, Set<String> includedNodes, Set<String> excludedProperties) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        int base = structStart(blob);
        int strings = stringsStart(blob);
        List<Region> regions = new ArrayList<>();
        int[] stack = new int[64];
        int depth = -1;
        int want = 0;
        int start = -1;
        StringBuilder path = new StringBuilder();
        int next = 0;
        int tag;
        do {
            int offset = next;
            tag = b.getInt(base + offset);
            next = offset + 4;
            int stopAt = next;
            boolean include;
            switch (tag) {
                case PROP -> {
                    int length = b.getInt(base + offset + 4);
                    String name = cString(blob, strings + b.getInt(base + offset + 8));
                    next = align4(offset + 12 + length);
                    stopAt = offset;
                    include = want >= 2 && !excludedProperties.contains(name);
                }
                case NOP -> {
                    stopAt = offset;
                    include = want >= 2;
                }
                case BEGIN_NODE -> {
                    String name = cString(blob, base + offset + 4);
                    next = align4(offset + 4 + name.length() + 1);
                    stopAt = next;
                    if (++depth == stack.length) {
                        // libfdt stops at 32 levels; a FIT is four deep.
                        throw new IllegalArgumentException("device tree nested deeper than " + stack.length + " levels");
                    }
                    if (path.length() != 1) {
                        path.append('/');
                    }
                    path.append(name);
                    stack[depth] = want;
                    if (want == 1) {
                        stopAt = offset;
                    }
                    if (includedNodes.contains(path.toString())) {
                        want = 2;
                    } else if (want > 0) {
                        want--;
                    } else {
                        stopAt = offset;
                    }
                    include = want > 0;
                }
                case END_NODE -> {
                    include = want > 0;
                    want = stack[depth--];
                    int slash = path.lastIndexOf("/");
                    path.setLength(Math.max(slash, 0));
                    if (path.length() == 0 && depth >= 0) {
                        path.append('/');
                    }
                }
                case END -> include = true;
                default -> throw new IllegalStateException("unexpected token " + tag + " at structure offset " + offset);
            }
            if (include && start == -1) {
                Region last = regions.isEmpty() ? null : regions.get(regions.size() - 1);
                if (last != null && offset == last.offset() + last.size() - base) {
                    regions.remove(regions.size() - 1);
                    start = last.offset() - base;
                } else {
                    start = offset;
                }
            }
            if (!include && start != -1) {
                regions.add(new Region(base + start, stopAt - start));
                start = -1;
            }
        } while (tag != END);
        regions.add(new Region(base + start, next - start));
        return regions;
    }

    /** The bytes a configuration signature covers: the node regions, then the strings block's first {@code stringsLength} bytes. */
    static byte[] signedBytes(byte[] blob, Set<String> includedNodes, int stringsLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Region r : find(blob, includedNodes, PAYLOAD_PROPERTIES)) {
            out.write(blob, r.offset(), r.size());
        }
        out.write(blob, stringsStart(blob), stringsLength);
        return out.toByteArray();
    }

    /** Where each property's value starts in the blob, by "node-path:property". */
    static Map<String, Integer> valueOffsets(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        int base = structStart(blob);
        int strings = stringsStart(blob);
        Map<String, Integer> offsets = new HashMap<>();
        List<String> path = new ArrayList<>();
        int at = base;
        while (true) {
            int tag = b.getInt(at);
            if (tag == BEGIN_NODE) {
                String name = cString(blob, at + 4);
                path.add(name);
                at = align4(at + 4 + name.length() + 1 - base) + base;
            } else if (tag == PROP) {
                int length = b.getInt(at + 4);
                String name = cString(blob, strings + b.getInt(at + 8));
                String node = path.size() <= 1 ? "/" : String.join("/", path);
                offsets.put(node + ":" + name, at + 12);
                at = align4(at + 12 + length - base) + base;
            } else if (tag == END_NODE) {
                path.remove(path.size() - 1);
                at += 4;
            } else if (tag == NOP) {
                at += 4;
            } else {
                return offsets;
            }
        }
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }

    private static String cString(byte[] blob, int at) {
        int end = at;
        while (blob[end] != 0) {
            end++;
        }
        return new String(blob, at, end - at, StandardCharsets.ISO_8859_1);
    }
}
