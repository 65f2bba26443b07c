package dev.hilfarm.emulator.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A block of RAM on the bus, backed by one byte array. Multi-byte accesses go through VarHandle
 * views, which the JIT compiles to plain loads and stores: no allocation, no byte shuffling.
 * Addresses passed in are physical; the block answers for [base, base + size).
 */
public final class Ram implements Bus {
    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int base;
    private final byte[] bytes;

    public Ram(int base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    public int base() {
        return base;
    }

    public int size() {
        return bytes.length;
    }

    /** Whether the physical address falls in this block. */
    public boolean contains(int pa) {
        return Integer.compareUnsigned(pa - base, bytes.length) < 0;
    }

    /** The backing array, for loaders and for fast paths that have already range-checked. */
    public byte[] array() {
        return bytes;
    }

    @Override
    public int read8(int pa) {
        return bytes[pa - base] & 0xff;
    }

    @Override
    public int read16(int pa) {
        return (short) SHORTS.get(bytes, pa - base) & 0xffff;
    }

    @Override
    public int read32(int pa) {
        return (int) INTS.get(bytes, pa - base);
    }

    @Override
    public void write8(int pa, int value) {
        bytes[pa - base] = (byte) value;
    }

    @Override
    public void write16(int pa, int value) {
        SHORTS.set(bytes, pa - base, (short) value);
    }

    @Override
    public void write32(int pa, int value) {
        INTS.set(bytes, pa - base, value);
    }

    /** Copies {@code data} into RAM at physical address {@code pa} (image loading). */
    public void load(int pa, byte[] data) {
        System.arraycopy(data, 0, bytes, pa - base, data.length);
    }
}
