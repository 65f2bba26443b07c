package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.memory.Ram;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a little-endian ELF32 reader for the instruction-set tests: the entry point, the
 * loadable segments and the symbol table of images built by the cross toolchain.
 */
final class ElfImage {
    private static final int PT_LOAD = 1;
    private static final int SHT_SYMTAB = 2;

    record Segment(int address, byte[] data, int memorySize) {
    }

    private final int entry;
    private final List<Segment> segments;
    private final Map<String, Integer> symbols;

    private ElfImage(int entry, List<Segment> segments, Map<String, Integer> symbols) {
        this.entry = entry;
        this.segments = segments;
        this.symbols = symbols;
    }

    static ElfImage parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 52 || b.getInt(0) != 0x464c457f || file[4] != 1 || file[5] != 1) {
            throw new IllegalArgumentException("not a little-endian ELF32 file");
        }
        int entry = b.getInt(24);
        int phoff = b.getInt(28);
        int shoff = b.getInt(32);
        int phentsize = b.getShort(42) & 0xffff;
        int phnum = b.getShort(44) & 0xffff;
        int shentsize = b.getShort(46) & 0xffff;
        int shnum = b.getShort(48) & 0xffff;
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int ph = phoff + i * phentsize;
            if (b.getInt(ph) != PT_LOAD) {
                continue;
            }
            int offset = b.getInt(ph + 4);
            int paddr = b.getInt(ph + 12);
            int filesz = b.getInt(ph + 16);
            int memsz = b.getInt(ph + 20);
            byte[] data = new byte[filesz];
            System.arraycopy(file, offset, data, 0, filesz);
            segments.add(new Segment(paddr, data, memsz));
        }
        Map<String, Integer> symbols = new HashMap<>();
        for (int i = 0; i < shnum; i++) {
            int sh = shoff + i * shentsize;
            if (b.getInt(sh + 4) != SHT_SYMTAB) {
                continue;
            }
            int symOffset = b.getInt(sh + 16);
            int symSize = b.getInt(sh + 20);
            int link = b.getInt(sh + 24);
            int strOffset = b.getInt(shoff + link * shentsize + 16);
            for (int sym = symOffset; sym < symOffset + symSize; sym += 16) {
                int nameIndex = b.getInt(sym);
                if (nameIndex == 0) {
                    continue;
                }
                int end = strOffset + nameIndex;
                while (file[end] != 0) {
                    end++;
                }
                String name = new String(file, strOffset + nameIndex, end - strOffset - nameIndex, StandardCharsets.US_ASCII);
                symbols.putIfAbsent(name, b.getInt(sym + 4));
            }
        }
        return new ElfImage(entry, List.copyOf(segments), Map.copyOf(symbols));
    }

    int entry() {
        return entry;
    }

    /** A symbol's value (bit 0 set for Thumb functions). */
    int symbol(String name) {
        Integer value = symbols.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no symbol " + name);
        }
        return value;
    }

    Iterable<String> symbolNames() {
        return symbols.keySet();
    }

    boolean hasSymbol(String name) {
        return symbols.containsKey(name);
    }

    /** The address just past the highest loadable byte. */
    int highestAddress() {
        long end = 0;
        for (Segment segment : segments) {
            end = Math.max(end, (segment.address() & 0xffffffffL) + segment.memorySize());
        }
        return (int) end;
    }

    void loadInto(Ram ram) {
        for (Segment segment : segments) {
            ram.load(segment.address(), segment.data());
            byte[] zeros = new byte[segment.memorySize() - segment.data().length];
            ram.load(segment.address() + segment.data().length, zeros);
        }
    }
}
