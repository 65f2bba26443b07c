package dev.hilfarm.board.usb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DfuSe memory layout, as an alternate setting's interface string describes it:
 * {@code @Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg} names the memory, its base
 * address, and groups of sectors (count * size with B, K or M, then a type letter a-g whose bits
 * say readable, erasable, writable). The device model and the host client both read it here.
 */
public record DfuSeLayout(String name, List<Sector> sectors) {
    private static final Pattern HEADER = Pattern.compile("@([^/]*)/0[xX]([0-9a-fA-F]{1,8})/(.*)");
    private static final Pattern GROUP = Pattern.compile("(\\d+)\\*(\\d+)([ BKM])([a-g])");

    /** One sector: where it is and what may be done to it. */
    public record Sector(long address, long size, boolean readable, boolean erasable, boolean writable) {
        public long end() {
            return address + size;
        }
    }

    public DfuSeLayout {
        sectors = List.copyOf(sectors);
    }

    /** Parses an interface string; a malformed one is refused naming the character offset. */
    public static DfuSeLayout parse(String text) {
        Matcher m = HEADER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("DfuSe layout '" + text + "': expected @NAME/0xADDRESS/GROUPS");
        }
        long address = Long.parseLong(m.group(2), 16);
        List<Sector> sectors = new ArrayList<>();
        int at = m.start(3);
        for (String group : m.group(3).split(",", -1)) {
            Matcher g = GROUP.matcher(group.strip());
            if (!g.matches()) {
                throw new IllegalArgumentException("DfuSe layout '" + text + "': character " + at + ": sector group '" + group
                        + "' is not COUNT*SIZE[BKM]TYPE (e.g. 04*016Kg)");
            }
            int count = Integer.parseInt(g.group(1));
            long size = Long.parseLong(g.group(2)) * switch (g.group(3)) {
                case "K" -> 1024L;
                case "M" -> 1024L * 1024;
                default -> 1L;
            };
            int type = g.group(4).charAt(0) - 'a' + 1;
            for (int i = 0; i < count; i++) {
                sectors.add(new Sector(address, size, (type & 1) != 0, (type & 2) != 0, (type & 4) != 0));
                address += size;
            }
            at += group.length() + 1;
        }
        return new DfuSeLayout(m.group(1).strip(), sectors);
    }

    /** The sectors that {@code length} bytes at {@code address} touch; empty when any byte is outside the layout. */
    public List<Sector> sectors(long address, long length) {
        List<Sector> out = new ArrayList<>();
        long end = address + length;
        long covered = address;
        for (Sector s : sectors) {
            if (s.end() > address && s.address() < end) {
                if (s.address() > covered) {
                    return List.of();
                }
                out.add(s);
                covered = s.end();
            }
        }
        return covered >= end ? out : List.of();
    }

    public long base() {
        return sectors.isEmpty() ? 0 : sectors.get(0).address();
    }

    public long size() {
        return sectors.isEmpty() ? 0 : sectors.get(sectors.size() - 1).end() - base();
    }
}
