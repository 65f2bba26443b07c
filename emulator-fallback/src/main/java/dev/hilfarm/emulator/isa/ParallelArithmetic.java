package dev.hilfarm.emulator.isa;

import dev.hilfarm.emulator.cpu.CpuState;

/**
 * The parallel add/subtract instructions (SADD16 ... UHSUB8, A4.4.13): each halfword or byte lane
 * is computed at full precision, then wrapped (setting GE), saturated or halved. Also SEL and
 * USAD8, which read or complement the GE flags and lanes.
 *
 * <p>Operations and prefixes use the A32 encoding's numbering; the Thumb decoder maps its own.
 */
public final class ParallelArithmetic {
    /** Prefixes: A32 bits 22-20. */
    public static final int SIGNED = 1;
    public static final int SIGNED_SATURATING = 2;
    public static final int SIGNED_HALVING = 3;
    public static final int UNSIGNED = 5;
    public static final int UNSIGNED_SATURATING = 6;
    public static final int UNSIGNED_HALVING = 7;

    /** Operations: A32 bits 7-5. */
    public static final int ADD16 = 0;
    public static final int ASX = 1;
    public static final int SAX = 2;
    public static final int SUB16 = 3;
    public static final int ADD8 = 4;
    public static final int SUB8 = 7;

    private ParallelArithmetic() {
    }

    /** Whether the prefix/operation pair names an instruction (prefixes 0 and 4, operations 5 and 6 do not). */
    public static boolean isValid(int prefix, int op) {
        return (prefix & 3) != 0 && op != 5 && op != 6;
    }

    /** Computes {@code a op b} under {@code prefix}; the plain signed and unsigned forms set GE. */
    public static int execute(CpuState s, int prefix, int op, int a, int b) {
        if (op >= ADD8) {
            return bytes(s, prefix, op == SUB8, a, b);
        }
        boolean unsigned = prefix >= UNSIGNED;
        int aLo = unsigned ? a & 0xffff : (short) a;
        int aHi = unsigned ? a >>> 16 : a >> 16;
        int bLo = unsigned ? b & 0xffff : (short) b;
        int bHi = unsigned ? b >>> 16 : b >> 16;
        int lo;
        int hi;
        boolean loAdds;
        boolean hiAdds;
        switch (op) {
            case ADD16:
                lo = aLo + bLo;
                hi = aHi + bHi;
                loAdds = true;
                hiAdds = true;
                break;
            case ASX:
                lo = aLo - bHi;
                hi = aHi + bLo;
                loAdds = false;
                hiAdds = true;
                break;
            case SAX:
                lo = aLo + bHi;
                hi = aHi - bLo;
                loAdds = true;
                hiAdds = false;
                break;
            default: // SUB16
                lo = aLo - bLo;
                hi = aHi - bHi;
                loAdds = false;
                hiAdds = false;
                break;
        }
        switch (prefix) {
            case SIGNED:
                s.ge = (lo >= 0 ? 0x3 : 0) | (hi >= 0 ? 0xc : 0);
                break;
            case UNSIGNED:
                s.ge = (unsignedGe(lo, loAdds, 0x10000) ? 0x3 : 0) | (unsignedGe(hi, hiAdds, 0x10000) ? 0xc : 0);
                break;
            case SIGNED_SATURATING:
                lo = Alu.signedSaturate(lo, 16);
                hi = Alu.signedSaturate(hi, 16);
                break;
            case UNSIGNED_SATURATING:
                lo = Alu.unsignedSaturate(lo, 16);
                hi = Alu.unsignedSaturate(hi, 16);
                break;
            default: // halving, signed or unsigned: bits 16:1 of the 17-bit result
                lo >>= 1;
                hi >>= 1;
                break;
        }
        return (lo & 0xffff) | (hi << 16);
    }

    /** Unsigned lanes: GE is the carry out of an addition, or NOT borrow of a subtraction. */
    private static boolean unsignedGe(int lane, boolean adds, int carryAt) {
        return adds ? lane >= carryAt : lane >= 0;
    }

    private static int bytes(CpuState s, int prefix, boolean subtract, int a, int b) {
        boolean unsigned = prefix >= UNSIGNED;
        int result = 0;
        int ge = 0;
        for (int lane = 0; lane < 4; lane++) {
            int shift = lane * 8;
            int x = unsigned ? (a >>> shift) & 0xff : (byte) (a >>> shift);
            int y = unsigned ? (b >>> shift) & 0xff : (byte) (b >>> shift);
            int r = subtract ? x - y : x + y;
            switch (prefix) {
                case SIGNED:
                    if (r >= 0) {
                        ge |= 1 << lane;
                    }
                    break;
                case UNSIGNED:
                    if (unsignedGe(r, !subtract, 0x100)) {
                        ge |= 1 << lane;
                    }
                    break;
                case SIGNED_SATURATING:
                    r = Alu.signedSaturate(r, 8);
                    break;
                case UNSIGNED_SATURATING:
                    r = Alu.unsignedSaturate(r, 8);
                    break;
                default:
                    r >>= 1;
                    break;
            }
            result |= (r & 0xff) << shift;
        }
        if (prefix == SIGNED || prefix == UNSIGNED) {
            s.ge = ge;
        }
        return result;
    }

    /** SEL: each byte from {@code a} where its GE flag is set, else from {@code b}. */
    public static int select(CpuState s, int a, int b) {
        int ge = s.ge;
        int mask = ((ge & 1) != 0 ? 0xff : 0) | ((ge & 2) != 0 ? 0xff00 : 0)
                | ((ge & 4) != 0 ? 0xff0000 : 0) | ((ge & 8) != 0 ? 0xff000000 : 0);
        return (a & mask) | (b & ~mask);
    }

    /** USAD8: the sum of the absolute differences of the four unsigned byte pairs. */
    public static int sumAbsoluteDifferences(int a, int b) {
        int sum = 0;
        for (int shift = 0; shift < 32; shift += 8) {
            sum += Math.abs(((a >>> shift) & 0xff) - ((b >>> shift) & 0xff));
        }
        return sum;
    }
}
