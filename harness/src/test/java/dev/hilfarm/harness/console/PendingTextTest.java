package dev.hilfarm.harness.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PendingTextTest {

    @Test
    void theViewShowsOnlyUnconsumedText() {
        PendingText pending = new PendingText(1024);
        append(pending, "login: root\nPassword: ");
        Matcher m = Pattern.compile("login: ").matcher(pending.view());
        assertTrue(m.find());
        pending.consume(m.end());
        assertEquals("root\nPassword: ", pending.view().toString());
        append(pending, "\n# ");
        assertEquals("root\nPassword: \n# ", pending.view().toString());
    }

    @Test
    void staysWithinItsLimitByDroppingTheOldestText() {
        PendingText pending = new PendingText(1000);
        for (int i = 0; i < 10_000; i++) {
            append(pending, "line " + i + "\n");
        }
        assertTrue(pending.length() <= 1000);
        assertTrue(pending.view().toString().endsWith("line 9999\n"));
        assertEquals(total(10_000) - pending.length(), pending.dropped());
    }

    @Test
    void aSingleChunkLargerThanTheLimitKeepsItsEnd() {
        PendingText pending = new PendingText(4);
        append(pending, "ab");
        append(pending, "0123456789");
        assertEquals("6789", pending.view().toString());
        assertEquals(8, pending.dropped());
    }

    @Test
    void growsAndCompactsWithoutLosingText() {
        PendingText pending = new PendingText(1 << 20);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            String piece = "piece-" + i + ";";
            append(pending, piece);
            expected.append(piece);
            if (i % 7 == 0) {
                pending.consume(3);
                expected.delete(0, 3);
            }
        }
        assertEquals(expected.toString(), pending.view().toString());
        assertEquals(0, pending.dropped());
    }

    private static void append(PendingText pending, String text) {
        char[] chars = text.toCharArray();
        pending.append(chars, 0, chars.length);
    }

    private static long total(int lines) {
        long sum = 0;
        for (int i = 0; i < lines; i++) {
            sum += ("line " + i + "\n").length();
        }
        return sum;
    }
}
