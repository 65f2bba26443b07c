package dev.hilfarm.harness.console;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InboundDecoderTest {

    @Test
    void aMultiByteCharacterSplitAcrossReadsIsDecodedOnce() {
        byte[] bytes = "Grüße ✓\r\n".getBytes(UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            InboundDecoder decoder = new InboundDecoder(64);
            String text = decode(decoder, bytes, 0, cut) + decode(decoder, bytes, cut, bytes.length - cut);
            assertEquals("Grüße ✓\n", text, "split at " + cut);
        }
    }

    @Test
    void invalidBytesBecomeReplacementCharactersInsteadOfErrors() {
        InboundDecoder decoder = new InboundDecoder(64);
        byte[] garbage = {'o', 'k', (byte) 0xff, (byte) 0xfe, '\r', '\n'};
        assertEquals("ok\uFFFD\uFFFD\n", decode(decoder, garbage, 0, garbage.length));
    }

    @Test
    void escapeSequencesAreRemovedAfterDecoding() {
        InboundDecoder decoder = new InboundDecoder(64);
        byte[] colour = "\u001b[32mgrün\u001b[0m".getBytes(UTF_8);
        assertEquals("grün", decode(decoder, colour, 0, colour.length));
    }

    private static String decode(InboundDecoder decoder, byte[] bytes, int offset, int length) {
        int n = decoder.decode(bytes, offset, length);
        return new String(decoder.text(), 0, n);
    }
}
