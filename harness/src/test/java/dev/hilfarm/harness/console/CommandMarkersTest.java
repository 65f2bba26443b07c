package dev.hilfarm.harness.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class CommandMarkersTest {
    private final CommandMarkers markers = new CommandMarkers("k3f9n1");

    @Test
    void theTypedLineNeverContainsTheMarkersItPrints() {
        String line = markers.wrap("uname -m");
        assertEquals("printf '%s%s\\n' __HIL _Bk3f9n1; uname -m; printf '\\n%s%s_%d\\n' __HIL _Ek3f9n1 $?", line);
        assertFalse(markers.begin().matcher(line + "\n").find());
        assertFalse(markers.end().matcher("\n" + line + "\n").find());
    }

    @Test
    void theEndMarkerNeedsItsNewlineSoASplitExitStatusIsNotCutShort() {
        assertFalse(markers.end().matcher("out\n__HIL_Ek3f9n1_1").find());
        Matcher m = markers.end().matcher("out\n__HIL_Ek3f9n1_127\n");
        assertTrue(m.find());
        assertEquals("127", m.group(1));
    }

    @Test
    void trailingSeparatorsAndBackgroundJobsStayValidShell() {
        assertTrue(markers.wrap("true ;").contains("; true; printf"));
        assertTrue(markers.wrap("sleep 9 &").contains("; sleep 9 & printf"));
        assertTrue(markers.wrap("a && b").contains("; a && b; printf"));
    }

    @Test
    void multiLineCommandsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> markers.wrap("echo a\necho b"));
    }
}
