package dev.hilfarm.emulator.memory;

/**
 * The decoded instructions of one 4 KiB physical page of memory, for the CPU's fast tier: per
 * ARM word and per Thumb halfword, the instruction as fetched and the small handler number its
 * instruction set gave it ({@link #EMPTY} until first executed). ARM and Thumb are kept apart
 * because the same bytes mean different instructions in each state.
 *
 * <p>The memory that owns the page tells it about every write ({@link #written}); a write that
 * lands on a decoded instruction (or on the second halfword of a decoded 32-bit Thumb one) drops
 * every decode of the page, so self-modifying code runs the new instruction on its next fetch,
 * with or without cache maintenance, as the interpreter always did. Writes to data that merely
 * shares the page leave the decodes alone. Watchers (the TLBs) learn when the page starts and
 * stops holding decodes, so they can send its writes through the checking path only while needed.
 */
public final class CodePage {
    public static final int EMPTY = 0;
    public static final int ARM_SLOTS = 1024;
    public static final int THUMB_SLOTS = 2048;

    public final int[] armOps = new int[ARM_SLOTS];
    public final int[] armWords = new int[ARM_SLOTS];
    /** For a 32-bit Thumb instruction the word is first halfword &lt;&lt; 16 | second. */
    public final int[] thumbOps = new int[THUMB_SLOTS];
    public final int[] thumbWords = new int[THUMB_SLOTS];

    private final CodeWatchers watchers;
    private boolean holdsCode;
    /**
     * One bit per 64 bytes of the page that hold (part of) a decoded instruction, so that most
     * writes to data sharing the page are dismissed with one test.
     */
    private long decodedChunks;

    public CodePage(CodeWatchers watchers) {
        this.watchers = watchers;
    }

    /** Whether any decode is cached (writes must then be checked). */
    public boolean holdsCode() {
        return holdsCode;
    }

    public void putArm(int slot, int op, int word) {
        armWords[slot] = word;
        armOps[slot] = op;
        decodedChunks |= 1L << (slot >>> 4);
        noteCode();
    }

    /** A 32-bit Thumb instruction must not start in the page's last halfword (its second half lies elsewhere). */
    public void putThumb(int slot, int op, int word) {
        thumbWords[slot] = word;
        thumbOps[slot] = op;
        int lastByte = 2 * slot + ((word >>> 16) != 0 ? 3 : 1);
        decodedChunks |= (1L << (slot >>> 5)) | (1L << (lastByte >>> 6));
        noteCode();
    }

    private void noteCode() {
        if (!holdsCode) {
            holdsCode = true;
            watchers.codeAppeared(this);
        }
    }

    /** {@code size} bytes at {@code offset} in the page were written (never crossing its end). */
    public void written(int offset, int size) {
        if ((decodedChunks & ((1L << (offset >>> 6)) | (1L << ((offset + size - 1) >>> 6)))) == 0) {
            return;
        }
        int firstHalf = offset >>> 1;
        int lastHalf = (offset + size - 1) >>> 1;
        boolean hit = armOps[offset >>> 2] != EMPTY || armOps[(offset + size - 1) >>> 2] != EMPTY
                || thumbOps[firstHalf] != EMPTY || thumbOps[lastHalf] != EMPTY
                || (firstHalf > 0 && thumbOps[firstHalf - 1] != EMPTY);
        if (hit) {
            drop();
        }
    }

    /** Forgets every decode (loaders overwrote the page, or the guest wrote an instruction). */
    public void drop() {
        if (!holdsCode) {
            return;
        }
        java.util.Arrays.fill(armOps, EMPTY);
        java.util.Arrays.fill(thumbOps, EMPTY);
        decodedChunks = 0;
        holdsCode = false;
        watchers.codeDropped(this);
    }
}
