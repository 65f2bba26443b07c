package dev.hilfarm.emulator.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random register-only instructions in assembler syntax, in the style of Linaro's risu: data
 * processing with every operand form, multiplies, saturating, parallel, extend/pack/reverse and
 * bit-field instructions, with condition codes (IT blocks in Thumb). Only r0-r12 are used, and
 * only encodings whose result the architecture defines, so that any difference from QEMU is a bug.
 */
final class InstructionGenerator {
    private static final String[] CONDITIONS = {"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"};
    private static final String[] ARITHMETIC = {"add", "adc", "sub", "sbc", "rsb"};
    private static final String[] LOGICAL = {"and", "eor", "orr", "bic"};
    private static final String[] COMPARE = {"cmp", "cmn", "tst", "teq"};
    private static final String[] PARALLEL_PREFIX = {"s", "q", "sh", "u", "uq", "uh"};
    private static final String[] PARALLEL_OP = {"add16", "asx", "sax", "sub16", "add8", "sub8"};
    private static final String[] XY = {"bb", "bt", "tb", "tt"};

    private final Random random;
    private final boolean thumb;

    InstructionGenerator(Random random, boolean thumb) {
        this.random = random;
        this.thumb = thumb;
    }

    /** A sequence of about {@code count} instructions (an IT block counts as its instructions). */
    List<String> sequence(int count) {
        List<String> lines = new ArrayList<>();
        int produced = 0;
        while (produced < count) {
            if (random.nextInt(4) == 0) {
                produced += conditionalBlock(lines);
            } else {
                lines.add(instruction(null, false));
                produced++;
            }
        }
        return lines;
    }

    /** ARM: one instruction with a condition suffix. Thumb: an IT block of one to four instructions. */
    private int conditionalBlock(List<String> lines) {
        String cond = randomCondition(random);
        if (!thumb) {
            lines.add(instruction(cond, false));
            return 1;
        }
        String inverse = CONDITIONS[indexOf(cond) ^ 1];
        int length = 1 + random.nextInt(4);
        StringBuilder pattern = new StringBuilder();
        List<String> body = new ArrayList<>();
        body.add(instruction(cond, true));
        for (int i = 1; i < length; i++) {
            boolean then = random.nextBoolean();
            pattern.append(then ? 't' : 'e');
            body.add(instruction(then ? cond : inverse, true));
        }
        lines.add("it" + pattern + " " + cond);
        lines.addAll(body);
        return length;
    }

    static String randomCondition(Random random) {
        return CONDITIONS[random.nextInt(CONDITIONS.length)];
    }

    private static int indexOf(String cond) {
        for (int i = 0; i < CONDITIONS.length; i++) {
            if (CONDITIONS[i].equals(cond)) {
                return i;
            }
        }
        throw new IllegalArgumentException(cond);
    }

    /** One instruction; {@code inIt} says it sits in a Thumb IT block (where 16-bit MULS cannot). */
    private String instruction(String cond, boolean inIt) {
        String c = cond == null ? "" : cond;
        switch (random.nextInt(10)) {
            case 0:
            case 1:
            case 2:
                return dataProcessing(c);
            case 3:
                return shiftOrMove(c);
            case 4:
                return multiply(c, inIt);
            case 5:
                return saturating(c);
            case 6:
            case 7:
                return parallel(c);
            default:
                return miscellaneous(c);
        }
    }

    // ----- registers and operands -----

    private String reg() {
        // Thumb favours r0-r7 so the assembler picks the 16-bit encodings too.
        int r = thumb && random.nextInt(3) != 0 ? random.nextInt(8) : random.nextInt(13);
        return "r" + r;
    }

    private String distinctFrom(String other) {
        String r;
        do {
            r = reg();
        } while (r.equals(other));
        return r;
    }

    private String setFlags() {
        return random.nextBoolean() ? "s" : "";
    }

    /** A modified immediate valid in the current instruction set. */
    private String immediate() {
        int imm8 = random.nextInt(256);
        if (!thumb) {
            int rotation = 2 * random.nextInt(16);
            return "#0x" + Integer.toHexString(Integer.rotateRight(imm8, rotation));
        }
        switch (random.nextInt(5)) {
            case 0:
                return "#0x" + Integer.toHexString(imm8);
            case 1:
                return "#0x" + Integer.toHexString(imm8 * 0x00010001);
            case 2:
                return "#0x" + Integer.toHexString(imm8 * 0x01000100);
            case 3:
                return "#0x" + Integer.toHexString(imm8 * 0x01010101);
            default:
                return "#0x" + Integer.toHexString(Integer.rotateRight(0x80 | (imm8 & 0x7f), 8 + random.nextInt(24)));
        }
    }

    /** A register, optionally shifted by an immediate (or, in ARM, by a register). */
    private String operand2() {
        switch (random.nextInt(thumb ? 3 : 4)) {
            case 0:
                return immediate();
            case 1:
                return reg();
            case 2:
                return reg() + ", " + immediateShift();
            default:
                return reg() + ", " + new String[] {"lsl", "lsr", "asr", "ror"}[random.nextInt(4)] + " " + reg();
        }
    }

    private String immediateShift() {
        switch (random.nextInt(5)) {
            case 0:
                return "lsl #" + random.nextInt(32);
            case 1:
                return "lsr #" + (1 + random.nextInt(32));
            case 2:
                return "asr #" + (1 + random.nextInt(32));
            case 3:
                return "ror #" + (1 + random.nextInt(31));
            default:
                return "rrx";
        }
    }

    // ----- instruction classes -----

    private String dataProcessing(String c) {
        int kind = random.nextInt(10);
        if (kind < 5) {
            String op = ARITHMETIC[random.nextInt(ARITHMETIC.length)];
            if (!thumb && random.nextInt(5) == 0) {
                op = "rsc";
            }
            return op + setFlags() + c + " " + reg() + ", " + reg() + ", " + operand2();
        }
        if (kind < 8) {
            String op = thumb && random.nextInt(5) == 0 ? "orn" : LOGICAL[random.nextInt(LOGICAL.length)];
            if (thumb && random.nextBoolean()) {
                // Two-operand form with Rd = Rn, which the 16-bit encodings need.
                String rd = reg();
                return op + setFlags() + c + " " + rd + ", " + rd + ", " + (op.equals("orn") ? immediate() : reg());
            }
            return op + setFlags() + c + " " + reg() + ", " + reg() + ", " + operand2();
        }
        String op = COMPARE[random.nextInt(COMPARE.length)];
        return op + c + " " + reg() + ", " + operand2();
    }

    private String shiftOrMove(String c) {
        switch (random.nextInt(6)) {
            case 0:
                return "mov" + setFlags() + c + " " + reg() + ", " + operand2();
            case 1:
                return "mvn" + setFlags() + c + " " + reg() + ", " + operand2();
            case 2: {
                String[] shifts = {"lsl", "lsr", "asr", "ror"};
                return shifts[random.nextInt(4)] + setFlags() + c + " " + reg() + ", " + reg() + ", " + reg();
            }
            case 3: {
                int which = random.nextInt(3);
                int amount = which == 0 ? random.nextInt(32) : 1 + random.nextInt(32);
                return new String[] {"lsl", "lsr", "asr"}[which] + setFlags() + c + " " + reg() + ", " + reg() + ", #" + amount;
            }
            case 4:
                return (random.nextBoolean() ? "movw" : "movt") + c + " " + reg() + ", #0x" + Integer.toHexString(random.nextInt(0x10000));
            default:
                return "rrx" + setFlags() + c + " " + reg() + ", " + reg();
        }
    }

    private String multiply(String c, boolean inIt) {
        String rd = reg();
        switch (random.nextInt(14)) {
            case 0:
                if (thumb) {
                    if (!inIt && random.nextBoolean()) {
                        String low = "r" + random.nextInt(8);
                        return "muls " + low + ", r" + random.nextInt(8) + ", " + low;
                    }
                    return "mul" + c + " " + rd + ", " + reg() + ", " + reg();
                }
                return "mul" + setFlags() + c + " " + rd + ", " + reg() + ", " + reg();
            case 1:
                return "mla" + (thumb ? "" : setFlags()) + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
            case 2:
                return "mls" + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
            case 3: {
                String op = new String[] {"umull", "umlal", "smull", "smlal"}[random.nextInt(4)];
                return op + (thumb ? "" : setFlags()) + c + " " + rd + ", " + distinctFrom(rd) + ", " + reg() + ", " + reg();
            }
            case 4:
                return "umaal" + c + " " + rd + ", " + distinctFrom(rd) + ", " + reg() + ", " + reg();
            case 5:
                return "smla" + XY[random.nextInt(4)] + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
            case 6:
                return "smlaw" + (random.nextBoolean() ? "b" : "t") + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
            case 7:
                return "smulw" + (random.nextBoolean() ? "b" : "t") + c + " " + rd + ", " + reg() + ", " + reg();
            case 8:
                return "smlal" + XY[random.nextInt(4)] + c + " " + rd + ", " + distinctFrom(rd) + ", " + reg() + ", " + reg();
            case 9:
                return "smul" + XY[random.nextInt(4)] + c + " " + rd + ", " + reg() + ", " + reg();
            case 10:
                return (random.nextBoolean() ? "smuad" : "smusd") + (random.nextBoolean() ? "x" : "") + c + " " + rd + ", " + reg() + ", " + reg();
            case 11:
                return (random.nextBoolean() ? "smlad" : "smlsd") + (random.nextBoolean() ? "x" : "") + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
            case 12:
                return (random.nextBoolean() ? "smlald" : "smlsld") + (random.nextBoolean() ? "x" : "") + c + " " + rd + ", " + distinctFrom(rd) + ", " + reg() + ", " + reg();
            default: {
                String round = random.nextBoolean() ? "r" : "";
                switch (random.nextInt(3)) {
                    case 0:
                        return "smmul" + round + c + " " + rd + ", " + reg() + ", " + reg();
                    case 1:
                        return "smmla" + round + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
                    default:
                        return "smmls" + round + c + " " + rd + ", " + reg() + ", " + reg() + ", " + reg();
                }
            }
        }
    }

    private String saturating(String c) {
        switch (random.nextInt(5)) {
            case 0:
            case 1:
                return new String[] {"qadd", "qsub", "qdadd", "qdsub"}[random.nextInt(4)] + c + " " + reg() + ", " + reg() + ", " + reg();
            case 2: {
                String shift = satShift();
                return "ssat" + c + " " + reg() + ", #" + (1 + random.nextInt(32)) + ", " + reg() + shift;
            }
            case 3: {
                String shift = satShift();
                return "usat" + c + " " + reg() + ", #" + random.nextInt(32) + ", " + reg() + shift;
            }
            default:
                if (random.nextBoolean()) {
                    return "ssat16" + c + " " + reg() + ", #" + (1 + random.nextInt(16)) + ", " + reg();
                }
                return "usat16" + c + " " + reg() + ", #" + random.nextInt(16) + ", " + reg();
        }
    }

    private String satShift() {
        switch (random.nextInt(3)) {
            case 0:
                return "";
            case 1:
                return ", lsl #" + random.nextInt(32);
            default:
                return ", asr #" + (1 + random.nextInt(31));
        }
    }

    private String parallel(String c) {
        switch (random.nextInt(12)) {
            case 0:
                return "sel" + c + " " + reg() + ", " + reg() + ", " + reg();
            case 1:
                return "usad8" + c + " " + reg() + ", " + reg() + ", " + reg();
            case 2:
                return "usada8" + c + " " + reg() + ", " + reg() + ", " + reg() + ", " + reg();
            default:
                return PARALLEL_PREFIX[random.nextInt(PARALLEL_PREFIX.length)] + PARALLEL_OP[random.nextInt(PARALLEL_OP.length)]
                        + c + " " + reg() + ", " + reg() + ", " + reg();
        }
    }

    private String miscellaneous(String c) {
        switch (random.nextInt(9)) {
            case 0:
                return new String[] {"clz", "rev", "rev16", "revsh", "rbit"}[random.nextInt(5)] + c + " " + reg() + ", " + reg();
            case 1:
            case 2: {
                String op = new String[] {"sxtb", "sxth", "uxtb", "uxth", "sxtb16", "uxtb16"}[random.nextInt(6)];
                return op + c + " " + reg() + ", " + reg() + rotation();
            }
            case 3: {
                String op = new String[] {"sxtab", "sxtah", "uxtab", "uxtah", "sxtab16", "uxtab16"}[random.nextInt(6)];
                return op + c + " " + reg() + ", " + reg() + ", " + reg() + rotation();
            }
            case 4:
                if (random.nextBoolean()) {
                    return "pkhbt" + c + " " + reg() + ", " + reg() + ", " + reg() + ", lsl #" + random.nextInt(32);
                }
                return "pkhtb" + c + " " + reg() + ", " + reg() + ", " + reg() + ", asr #" + (1 + random.nextInt(31));
            case 5:
            case 6: {
                int lsb = random.nextInt(32);
                int width = 1 + random.nextInt(32 - lsb);
                return (random.nextBoolean() ? "ubfx" : "sbfx") + c + " " + reg() + ", " + reg() + ", #" + lsb + ", #" + width;
            }
            default: {
                int lsb = random.nextInt(32);
                int width = 1 + random.nextInt(32 - lsb);
                if (random.nextInt(3) == 0) {
                    return "bfc" + c + " " + reg() + ", #" + lsb + ", #" + width;
                }
                return "bfi" + c + " " + reg() + ", " + reg() + ", #" + lsb + ", #" + width;
            }
        }
    }

    private String rotation() {
        int r = random.nextInt(4);
        return r == 0 ? "" : ", ror #" + (8 * r);
    }

    /** Initial register values: edges, small shift amounts and random words. */
    static int registerValue(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return new int[] {0, 1, -1, 0x7fffffff, 0x80000000, 0x7fff, 0x8000, 0xffff, 0x7f, 0x80, 0xff, 0x80008000, 0x7fff7fff}[random.nextInt(13)];
            case 1:
                return random.nextInt(48);
            case 2:
                return random.nextInt(48) | (random.nextInt() & 0xffffff00);
            default:
                return random.nextInt();
        }
    }
}
