package dev.hilfarm.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.board.BoardProfiles;
import dev.hilfarm.board.UsbId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The udev rules cover every USB ID of every profile, once each, in the syntax udev reads. */
class UdevRulesCommandTest {
    private static final Pattern RULE = Pattern.compile(
            "SUBSYSTEM==\"usb\", ATTR\\{idVendor\\}==\"([0-9a-f]{4})\", ATTR\\{idProduct\\}==\"([0-9a-f]{4})\", MODE=\"0660\", GROUP=\"dialout\"");

    @Test
    void everyProfileIdHasExactlyOneRule() {
        String rules = UdevRulesCommand.rules(BoardProfiles.standard().all(), "dialout");
        Set<UsbId> ruled = new HashSet<>();
        for (String line : rules.lines().toList()) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = RULE.matcher(line);
            assertTrue(m.matches(), "not a udev rule: " + line);
            assertTrue(ruled.add(new UsbId(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16))), "twice: " + line);
        }
        Set<UsbId> wanted = new HashSet<>();
        for (BoardProfile p : BoardProfiles.standard().all()) {
            wanted.addAll(p.usb().allIds());
        }
        assertEquals(wanted, ruled);
        assertTrue(rules.contains("# cubieboard boot ROM (allwinner_fel)\nSUBSYSTEM==\"usb\", ATTR{idVendor}==\"1f3a\", ATTR{idProduct}==\"efe8\""),
                rules);
    }

    @Test
    void noProfilesNoRules() {
        assertEquals(2, UdevRulesCommand.rules(List.of(), "plugdev").lines().count(), "only the header");
    }
}
