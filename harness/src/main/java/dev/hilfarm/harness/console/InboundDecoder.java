package dev.hilfarm.harness.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bytes from the serial line to normalised text: UTF-8 decoding (a multi-byte character split across
 * two reads is carried over; invalid bytes become U+FFFD rather than an error, since boards print
 * garbage at the wrong baud rate or during reset) followed by {@link OutputNormaliser}.
 *
 * <p>All buffers are allocated once; {@link #decode} allocates nothing.
 */
final class InboundDecoder {
    private static final int MAX_CARRY = 3;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final OutputNormaliser normaliser = new OutputNormaliser();
    private final int maxChunk;
    private final ByteBuffer bytes;
    private final CharBuffer chars;
    private final char[] text;

    InboundDecoder(int maxChunk) {
        this.maxChunk = maxChunk;
        this.bytes = ByteBuffer.allocate(maxChunk + MAX_CARRY);
        // UTF-8 never yields more chars than bytes, and normalising never adds chars.
        this.chars = CharBuffer.allocate(maxChunk + MAX_CARRY);
        this.text = new char[maxChunk + MAX_CARRY];
    }

    /**
     * Decodes and normalises {@code length <= maxChunk} bytes.
     *
     * @return how many chars of {@link #text()} are the result
     */
    int decode(byte[] source, int offset, int length) {
        if (length > maxChunk) {
            throw new IllegalArgumentException("chunk of " + length + " bytes exceeds " + maxChunk);
        }
        bytes.put(source, offset, length);
        bytes.flip();
        utf8.decode(bytes, chars, false);
        bytes.compact();
        chars.flip();
        int produced = normaliser.normalise(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining(), text);
        chars.clear();
        return produced;
    }

    /** The output buffer of the last {@link #decode}; overwritten by the next one. */
    char[] text() {
        return text;
    }
}
