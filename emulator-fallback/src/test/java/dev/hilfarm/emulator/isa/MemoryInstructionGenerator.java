package dev.hilfarm.emulator.isa;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random load/store sequences for the QEMU comparison: word, byte, halfword, signed and dual
 * accesses with immediate and register offsets, pre- and post-indexing, block transfers in all
 * modes, SWP and LDREX/STREX pairs, in ARM and Thumb (16- and 32-bit encodings), conditional.
 *
 * <p>Every address stays inside the case's {@link #SCRATCH_BYTES}-byte scratch buffer: a fixed
 * base register points at its middle, a second base is reset from it before each writeback form,
 * and the index register holds a value below {@link #INDEX_LIMIT}. Doubleword, block and exclusive accesses are word-aligned (the
 * architecture faults otherwise); the others may be unaligned, as SCTLR.A = 0 allows.
 */
final class MemoryInstructionGenerator {
    static final int SCRATCH_BYTES = 512;
    static final int INDEX_LIMIT = 32;

    /** ARM: base r10, writeback base r11, index r12, data r0-r9. Thumb: low registers for the 16-bit forms. */
    final int base;
    final int writebackBase;
    final int index;
    private final Random random;
    private final boolean thumb;

    MemoryInstructionGenerator(Random random, boolean thumb) {
        this.random = random;
        this.thumb = thumb;
        this.base = thumb ? 7 : 10;
        this.writebackBase = thumb ? 6 : 11;
        this.index = thumb ? 5 : 12;
    }

    List<String> sequence(int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String cond = random.nextInt(4) == 0 ? InstructionGenerator.randomCondition(random) : "";
            List<String> group = instruction(cond);
            if (!cond.isEmpty() && thumb) {
                // One IT per access keeps the block valid whatever the group's length.
                List<String> wrapped = new ArrayList<>();
                for (String line : group) {
                    if (line.contains(cond + " ") || line.contains(cond + ".")) {
                        wrapped.add("it " + cond);
                    }
                    wrapped.add(line);
                }
                group = wrapped;
            }
            lines.addAll(group);
        }
        return lines;
    }

    private String data() {
        if (thumb) {
            int r = random.nextInt(9);
            return "r" + (r < 5 ? r : r + 3); // r0-r4, r8-r11
        }
        return "r" + random.nextInt(10);
    }

    private String lowData() {
        return "r" + random.nextInt(5);
    }

    private String b() {
        return "r" + base;
    }

    private String wb() {
        return "r" + writebackBase;
    }

    private String idx() {
        return "r" + index;
    }

    private String resetWriteback() {
        return "mov " + wb() + ", " + b();
    }

    private int offset(int max) {
        return random.nextInt(max + 1) * (random.nextBoolean() ? 1 : -1);
    }

    private List<String> instruction(String c) {
        String[] sizes = {"", "b", "h", "sb", "sh"};
        switch (random.nextInt(thumb ? 9 : 10)) {
            case 0:
            case 1: { // immediate offset
                String size = sizes[random.nextInt(5)];
                boolean load = size.startsWith("s") || random.nextBoolean();
                int imm = offset(124);
                return List.of((load ? "ldr" : "str") + size + c + " " + data() + ", [" + b() + ", #" + imm + "]");
            }
            case 2: { // 16-bit forms (Thumb) / register offset with shift (ARM)
                if (thumb) {
                    String size = new String[] {"", "b", "h"}[random.nextInt(3)];
                    int scale = size.isEmpty() ? 4 : size.equals("h") ? 2 : 1;
                    boolean load = random.nextBoolean();
                    if (random.nextBoolean()) {
                        return List.of((load ? "ldr" : "str") + size + c + " " + lowData() + ", [" + b() + ", #" + scale * random.nextInt(32) + "]");
                    }
                    String sz = load ? new String[] {"", "b", "h", "sb", "sh"}[random.nextInt(5)] : size;
                    return List.of((load ? "ldr" : "str") + sz + c + " " + lowData() + ", [" + b() + ", " + idx() + "]");
                }
                String size = random.nextBoolean() ? "" : "b";
                String shift = new String[] {"", ", lsl #1", ", lsl #2", ", lsr #1", ", asr #2"}[random.nextInt(5)];
                return List.of((random.nextBoolean() ? "ldr" : "str") + size + c + " " + data() + ", [" + b() + ", "
                        + (random.nextBoolean() ? "-" : "") + idx() + shift + "]");
            }
            case 3: { // register offset: halfword/signed (ARM), scaled (Thumb-2)
                if (thumb) {
                    String size = sizes[random.nextInt(5)];
                    boolean load = size.startsWith("s") || random.nextBoolean();
                    return List.of((load ? "ldr" : "str") + size + c + ".w " + data() + ", [" + b() + ", " + idx() + ", lsl #" + random.nextInt(4) + "]");
                }
                String size = new String[] {"h", "sb", "sh"}[random.nextInt(3)];
                boolean load = !size.equals("h") || random.nextBoolean();
                return List.of((load ? "ldr" : "str") + size + c + " " + data() + ", [" + b() + ", " + (random.nextBoolean() ? "-" : "") + idx() + "]");
            }
            case 4:
            case 5: { // pre- and post-indexed with writeback
                String size = sizes[random.nextInt(5)];
                boolean load = size.startsWith("s") || random.nextBoolean();
                int imm = offset(100);
                String address = random.nextBoolean() ? "[" + wb() + ", #" + imm + "]!" : "[" + wb() + "], #" + imm;
                return List.of(resetWriteback(), (load ? "ldr" : "str") + size + c + " " + data() + ", " + address);
            }
            case 6: { // doubleword
                int first = thumb ? random.nextInt(5) : 2 * random.nextInt(5);
                int second = thumb ? 8 + random.nextInt(4) : first + 1;
                boolean load = random.nextBoolean();
                int imm = 4 * offset(25);
                String op = load ? "ldrd" : "strd";
                switch (random.nextInt(3)) {
                    case 0:
                        return List.of(op + c + " r" + first + ", r" + second + ", [" + b() + ", #" + imm + "]");
                    case 1:
                        return List.of(resetWriteback(), op + c + " r" + first + ", r" + second + ", [" + wb() + ", #" + imm + "]!");
                    default:
                        return List.of(resetWriteback(), op + c + " r" + first + ", r" + second + ", [" + wb() + "], #" + imm);
                }
            }
            case 7: { // block transfers
                boolean load = random.nextBoolean();
                String mode = thumb ? new String[] {"ia", "db"}[random.nextInt(2)] : new String[] {"ia", "ib", "da", "db"}[random.nextInt(4)];
                StringBuilder list = new StringBuilder();
                int count = 0;
                int[] candidates = thumb ? new int[] {0, 1, 2, 3, 4, 8, 9, 10, 11} : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
                for (int r : candidates) {
                    if (random.nextInt(3) == 0 || (count == 0 && r == candidates[candidates.length - 1])) {
                        list.append(count++ == 0 ? "" : ", ").append('r').append(r);
                    }
                }
                if (thumb && count == 1 && random.nextBoolean()) {
                    list.append(", r12");
                }
                boolean writeback = random.nextBoolean();
                return List.of(resetWriteback(), (load ? "ldm" : "stm") + mode + c + " " + wb() + (writeback ? "!" : "") + ", {" + list + "}");
            }
            case 8: { // exclusives: a pair, after CLREX, or with a plain store to the location in between
                int imm = thumb ? 4 * random.nextInt(8) : 0;
                String size = thumb ? "" : new String[] {"", "b", "h"}[random.nextInt(3)];
                String address = "[" + b() + (imm == 0 ? "" : ", #" + imm) + "]";
                String status = thumb ? "r" + (8 + random.nextInt(2)) : "r" + (7 + random.nextInt(3));
                String value = thumb ? "r" + random.nextInt(5) : "r" + random.nextInt(7);
                int form = random.nextInt(4);
                if (form == 0) {
                    return List.of("clrex", "strex" + size + " " + status + ", " + value + ", " + address);
                }
                if (form == 1) {
                    // The plain store leaves the monitor open; whether the STREX then succeeds
                    // depends on the value it left behind (QEMU compares, as a CAS would).
                    String other = thumb ? "r" + random.nextInt(5) : "r" + random.nextInt(7);
                    return List.of("ldrex" + size + " " + value + ", " + address, "str" + size + " " + other + ", " + address,
                            "strex" + size + " " + status + ", " + other + ", " + address);
                }
                return List.of("ldrex" + size + " " + value + ", " + address, "strex" + size + " " + status + ", " + value + ", " + address);
            }
            default: { // ARM only: SWP, SWPB (word-aligned for SWP)
                String op = random.nextBoolean() ? "swp" : "swpb";
                int imm = op.equals("swp") ? 4 * random.nextInt(8) : random.nextInt(32);
                return List.of("add " + wb() + ", " + b() + ", #" + imm, op + c + " " + data() + ", " + data() + ", [" + wb() + "]");
            }
        }
    }
}
