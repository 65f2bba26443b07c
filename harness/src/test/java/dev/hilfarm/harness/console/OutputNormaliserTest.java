package dev.hilfarm.harness.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputNormaliserTest {

    /** Inputs use Java escapes via {@link #unescape}: \r \n \e (ESC) \a (BEL) \0 (NUL). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "plain|plain text|plain text",
        "CRLF|a\\r\\nb\\r\\n|a\\nb\\n",
        "lone CR|progress 10%\\rprogress 20%|progress 10%\\nprogress 20%",
        "doubled CR before LF|a\\r\\r\\nb|a\\nb",
        "blank lines with CRLF|a\\r\\n\\r\\nb|a\\n\\nb",
        "LF alone|a\\nb|a\\nb",
        "CR then escape then LF|a\\r\\e[K\\nb|a\\nb",
        "SGR colour|'\\e[1;32mroot@board\\e[0m:~# '|'root@board:~# '",
        "cursor and erase|\\e[2J\\e[H\\e[?25lhi\\e[?25h|hi",
        "bracketed paste toggles|\\e[?2004h# \\e[?2004l|'# '",
        "OSC title with BEL|'\\e]0;root@board: ~\\a# '|'# '",
        "OSC title with ST|'\\e]2;title\\e\\\\# '|'# '",
        "charset selection|\\e(Bok\\e)0|ok",
        "two-byte escapes|\\e7saved\\e8\\e=\\e>|saved",
        "NUL and BEL dropped|a\\0b\\ac|abc",
        "ESC ESC restarts|\\e\\e[31mred|red",
        "CSI broken by newline keeps the newline|\\e[31\\nnext|\\nnext",
        "OSC without terminator ends at line end|\\e]0;title\\nnext|\\nnext",
        "ESC before control char keeps the char|a\\e\\nb|a\\nb",
        "non-ASCII text kept|Grüße – ✓|Grüße – ✓",
    })
    void normalises(String description, String input, String expected) {
        assertEquals(unescape(expected), normaliseWhole(unescape(input)), description);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "CRLF|a\\r\\nb\\r\\n",
        "colour prompt|'\\e[1;32mroot@board\\e[0m:~# '",
        "OSC|x\\e]0;root@board: ~\\ay\\e]2;t\\e\\\\z",
        "mixed|\\r\\r\\n\\e[K\\e(B\\0\\a\\e7x\\r\\e[2K\\ny",
    })
    void givesTheSameResultWhereverTheInputIsSplit(String description, String input) {
        String text = unescape(input);
        String whole = normaliseWhole(text);
        for (int cut = 0; cut <= text.length(); cut++) {
            OutputNormaliser n = new OutputNormaliser();
            String split = run(n, text.substring(0, cut)) + run(n, text.substring(cut));
            assertEquals(whole, split, description + " split at " + cut);
        }
        OutputNormaliser bytewise = new OutputNormaliser();
        StringBuilder oneByOne = new StringBuilder();
        for (char c : text.toCharArray()) {
            oneByOne.append(run(bytewise, String.valueOf(c)));
        }
        assertEquals(whole, oneByOne.toString(), description + " char by char");
    }

    private static String normaliseWhole(String text) {
        return run(new OutputNormaliser(), text);
    }

    private static String run(OutputNormaliser n, String text) {
        char[] in = text.toCharArray();
        char[] out = new char[in.length];
        int count = n.normalise(in, 0, in.length, out);
        return new String(out, 0, count);
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\e", "\u001b").replace("\\a", "\u0007")
                .replace("\\0", "\0").replace("\\\\", "\\");
    }
}
