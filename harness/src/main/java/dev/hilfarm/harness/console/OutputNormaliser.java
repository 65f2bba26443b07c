package dev.hilfarm.harness.console;

/**
 * Turns decoded terminal output into the plain text that patterns match against: removes ANSI/VT100
 * escape sequences, turns CRLF and lone CR into LF, drops NUL and BEL.
 *
 * <p>A state machine that lives across calls, because a serial read can end anywhere: inside an
 * escape sequence, or between the CR and the LF of a line ending. Allocates nothing.
 *
 * <p>Line endings: a CR becomes LF at once (so "done\r" matches "done\n" without waiting for a next
 * byte), and the LF of a CRLF that follows is then swallowed. A run of CRs collapses into one LF,
 * since "\r\r\n" is what doubled output post-processing produces for a single line end. Escape
 * sequences between CR and LF (a shell's "\r\e[K\n") do not split them.
 *
 * <p>Sequences recognised (ECMA-48): CSI {@code ESC [ params intermediates final}; OSC, DCS, SOS, PM
 * and APC strings ({@code ESC ] … BEL} or {@code … ESC \}); {@code ESC intermediates final}
 * (charset selection such as {@code ESC ( B}); two-character {@code ESC x}. A malformed sequence is
 * abandoned at the first character that cannot belong to it, which is then treated as text, so a
 * lost byte never swallows real output. Strings are also abandoned at CR/LF or after
 * {@value #MAX_STRING_CHARS} characters, for the same reason.
 */
final class OutputNormaliser {
    static final int MAX_STRING_CHARS = 512;
    static final int MAX_CSI_CHARS = 64;

    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;
    private static final char NUL = 0x00;

    private enum State { TEXT, ESCAPE, CSI, ESCAPE_INTERMEDIATE, STRING, STRING_ESCAPE }

    private State state = State.TEXT;
    private int sequenceLength;
    private boolean lineEndedByCr;

    /**
     * Normalises {@code in[offset, offset+length)} into {@code out} from index 0.
     *
     * @return the number of chars written; never more than {@code length}
     */
    int normalise(char[] in, int offset, int length, char[] out) {
        int written = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            char c = in[i];
            if (consumedBySequence(c)) {
                continue;
            }
            written = text(c, out, written);
        }
        return written;
    }

    /** Advances the escape-sequence state; false if {@code c} is text to emit. */
    private boolean consumedBySequence(char c) {
        switch (state) {
            case TEXT:
                if (c == ESC) {
                    state = State.ESCAPE;
                    return true;
                }
                return false;
            case ESCAPE:
                return afterEscape(c);
            case CSI:
                if (c >= 0x40 && c <= 0x7e) {
                    state = State.TEXT;
                    return true;
                }
                if (c >= 0x20 && c <= 0x3f && ++sequenceLength <= MAX_CSI_CHARS) {
                    return true;
                }
                return abandon(c);
            case ESCAPE_INTERMEDIATE:
                if (c >= 0x20 && c <= 0x2f) {
                    return true;
                }
                if (c >= 0x30 && c <= 0x7e) {
                    state = State.TEXT;
                    return true;
                }
                return abandon(c);
            case STRING:
                if (c == BEL) {
                    state = State.TEXT;
                    return true;
                }
                if (c == ESC) {
                    state = State.STRING_ESCAPE;
                    return true;
                }
                if (c == '\r' || c == '\n' || ++sequenceLength > MAX_STRING_CHARS) {
                    return abandon(c);
                }
                return true;
            case STRING_ESCAPE:
                if (c == '\\') {
                    state = State.TEXT;
                    return true;
                }
                // Not a string terminator: this ESC starts a new sequence.
                return afterEscape(c);
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private boolean afterEscape(char c) {
        sequenceLength = 0;
        if (c == '[') {
            state = State.CSI;
        } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            state = State.STRING;
        } else if (c >= 0x20 && c <= 0x2f) {
            state = State.ESCAPE_INTERMEDIATE;
        } else if (c >= 0x30 && c <= 0x7e) {
            state = State.TEXT;
        } else if (c == ESC) {
            state = State.ESCAPE;
        } else {
            return abandon(c);
        }
        return true;
    }

    /** Gives up on a malformed sequence; {@code c} is handled as text (or starts a new sequence). */
    private boolean abandon(char c) {
        state = State.TEXT;
        if (c == ESC) {
            state = State.ESCAPE;
            return true;
        }
        return false;
    }

    private int text(char c, char[] out, int written) {
        switch (c) {
            case '\r':
                if (!lineEndedByCr) {
                    out[written++] = '\n';
                    lineEndedByCr = true;
                }
                return written;
            case '\n':
                if (lineEndedByCr) {
                    lineEndedByCr = false;
                    return written;
                }
                out[written++] = '\n';
                return written;
            case NUL:
            case BEL:
                return written;
            default:
                lineEndedByCr = false;
                out[written++] = c;
                return written;
        }
    }
}
