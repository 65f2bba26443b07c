package dev.hilfarm.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FarmReportTest {
    private static final String RESULT = "{\"uuid\":\"u1\",\"historyId\":\"abc\",\"testCaseId\":\"t\",\"testCaseName\":\"boots\","
            + "\"fullName\":\"x.Y.boots\",\"labels\":[{\"name\":\"tag\",\"value\":\"smoke\"}],\"links\":[],\"name\":\"boots\","
            + "\"status\":\"passed\",\"stage\":\"finished\",\"steps\":[{\"name\":\"s\",\"statusDetails\":{\"known\":false}}]}";

    private static FarmReport.Attempt attempt(String board, String type, int rep, Set<String> flaky) {
        return new FarmReport.Attempt(Path.of("x"), "0001-" + board + "-a1", board, type, rep, flaky);
    }

    @Test
    void historyIdsSeparateBoardTypesAndRepetitionsButNotBoardsOfOneType() {
        String a = FarmReport.relabel(RESULT, attempt("bbb-1", "beaglebone-black", 1, Set.of()));
        String b = FarmReport.relabel(RESULT, attempt("bbb-2", "beaglebone-black", 1, Set.of()));
        String c = FarmReport.relabel(RESULT, attempt("emu-1", "vexpress-a9", 1, Set.of()));
        String d = FarmReport.relabel(RESULT, attempt("bbb-1", "beaglebone-black", 2, Set.of()));
        assertEquals(historyId(a), historyId(b));
        assertNotEquals(historyId(a), historyId(c));
        assertNotEquals(historyId(a), historyId(d));
        assertTrue(a.contains("{\"name\":\"farm-board\",\"value\":\"bbb-1\"}"), a);
        assertFalse(a.contains("flaky"));
    }

    @Test
    void aFlakyPassGetsAlluresFlagAtTheTopLevelOnly() {
        String r = FarmReport.relabel(RESULT, attempt("emu-1", "vexpress-a9", 1, Set.of("boots")));
        assertTrue(r.endsWith(",\"statusDetails\":{\"flaky\":true}}"), r);
        assertTrue(r.contains("\"steps\":[{\"name\":\"s\",\"statusDetails\":{\"known\":false}}]"), r);
    }

    @Test
    void passRateTables() {
        String md = FarmReport.passRates(List.of(new FarmReport.PassRate("emu-1", 3, 1, 0, 0)),
                List.of(new FarmReport.PassRate("a | b", 1, 0, 1, 0)));
        assertTrue(md.contains("| emu-1 | 3 | 1 | 0 | 0 | 75 % |"), md);
        assertTrue(md.contains("| a \\| b | 1 | 0 | 1 | 0 | 50 % |"), md);
    }

    private static String historyId(String json) {
        int i = json.indexOf("\"historyId\":\"") + 13;
        return json.substring(i, json.indexOf('"', i));
    }
}
