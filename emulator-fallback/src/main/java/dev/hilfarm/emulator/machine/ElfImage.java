package dev.hilfarm.emulator.machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A 32-bit little-endian ARM ELF executable, reduced to what loading it needs: the entry point and
 * the PT_LOAD segments, placed at their physical addresses (p_paddr) with the part of p_memsz
 * beyond p_filesz zeroed, as QEMU's {@code -kernel} loads a bare-metal ELF.
 */
public final class ElfImage {
    private static final int PT_LOAD = 1;
    private static final int EM_ARM = 40;
    private static final int ET_EXEC = 2;
    private static final int ELFCLASS32 = 1;
    private static final int ELFDATA2LSB = 1;

    /** One PT_LOAD segment: {@code fileSize} bytes from the file, then zeros up to {@code memorySize}. */
    public record Segment(int physicalAddress, int fileOffset, int fileSize, long memorySize) {
    }

    private final String name;
    private final byte[] data;
    private final int entry;
    private final List<Segment> segments;

    private ElfImage(String name, byte[] data, int entry, List<Segment> segments) {
        this.name = name;
        this.data = data;
        this.entry = entry;
        this.segments = List.copyOf(segments);
    }

    /** Parses and checks an ELF file; {@code name} is used in error messages. */
    public static ElfImage parse(String name, byte[] data) {
        if (data.length < 52 || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw new InvalidImageException(name + " is not an ELF file");
        }
        if (data[4] != ELFCLASS32) {
            throw new InvalidImageException(name + " is not a 32-bit ELF file (class " + data[4] + "), so not an ARMv7-A image");
        }
        if (data[5] != ELFDATA2LSB) {
            throw new InvalidImageException(name + " is a big-endian ELF file; only little-endian ARM images are supported");
        }
        ByteBuffer elf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int type = elf.getShort(16) & 0xffff;
        int machine = elf.getShort(18) & 0xffff;
        if (machine != EM_ARM) {
            throw new InvalidImageException(name + " is not an ARM image (ELF machine " + machine + ", ARM is " + EM_ARM + ")");
        }
        if (type != ET_EXEC) {
            throw new InvalidImageException(name + " is not an executable (ELF type " + type + "); link it for a fixed address");
        }
        int entry = elf.getInt(24);
        long phoff = elf.getInt(28) & 0xffffffffL;
        int phentsize = elf.getShort(42) & 0xffff;
        int phnum = elf.getShort(44) & 0xffff;
        if (phnum == 0) {
            throw new InvalidImageException(name + " has no program headers to load");
        }
        if (phentsize < 32 || phoff + (long) phnum * phentsize > data.length) {
            throw new InvalidImageException(name + " is truncated: its program headers lie beyond the end of the file");
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phentsize);
            if (elf.getInt(at) != PT_LOAD) {
                continue;
            }
            long offset = elf.getInt(at + 4) & 0xffffffffL;
            int paddr = elf.getInt(at + 12);
            long fileSize = elf.getInt(at + 16) & 0xffffffffL;
            long memorySize = elf.getInt(at + 20) & 0xffffffffL;
            if (offset + fileSize > data.length) {
                throw new InvalidImageException(String.format("%s is truncated: segment %d (0x%x bytes at file offset 0x%x) ends beyond the file",
                        name, i, fileSize, offset));
            }
            if (fileSize > memorySize) {
                throw new InvalidImageException(String.format("%s: segment %d has more file bytes (0x%x) than memory (0x%x)", name, i, fileSize, memorySize));
            }
            if (memorySize > 0) {
                segments.add(new Segment(paddr, (int) offset, (int) fileSize, memorySize));
            }
        }
        if (segments.isEmpty()) {
            throw new InvalidImageException(name + " has no loadable segments");
        }
        return new ElfImage(name, data, entry, segments);
    }

    public String name() {
        return name;
    }

    /** e_entry; bit 0 set means the entry point is Thumb code. */
    public int entry() {
        return entry;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The bytes of the file (not copied). */
    byte[] data() {
        return data;
    }
}
