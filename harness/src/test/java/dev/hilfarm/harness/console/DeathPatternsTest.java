package dev.hilfarm.harness.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default death patterns against lines as real ARM kernels print them. */
class DeathPatternsTest {
    private static final List<Pattern> DEFAULTS = ConsoleSettings.defaults().deathPatterns();

    @ParameterizedTest
    @ValueSource(strings = {
        "[    2.345678] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)",
        "Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b",
        "[   12.000001] 8<--- cut here ---",
        "[   12.000002] Unable to handle kernel NULL pointer dereference at virtual address 00000000",
        "[   12.000003] Unable to handle kernel paging request at virtual address e0a1c000",
        "[   12.000010] Internal error: Oops: 805 [#1] SMP ARM",
        "Internal error: Oops - BUG: 0 [#1] PREEMPT SMP ARM",
        "[   30.123456] BUG: scheduling while atomic: swapper/0/0/0x00000002",
        "[   52.100000][    T1] BUG: sleeping function called from invalid context at mm/slab.h:421",
        "BUG: soft lockup - CPU#0 stuck for 22s! [kworker/0:1:23]",
        "[   12.000099] ---[ end trace 0000000000000000 ]---",
    })
    void kernelCrashLinesAreDeaths(String line) {
        if (line.contains("cut here")) {
            // The oops banner itself is not a death; the lines after it are.
            assertNull(scan(line));
            return;
        }
        assertNotNull(scan(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "DEBUG: loading module foo",
        "[    1.000000] Booting Linux on physical CPU 0x0",
        "root@beaglebone:~# echo BUG: not at line start",
        "panic_on_oops = 0",
    })
    void ordinaryLinesAreNot(String line) {
        assertNull(scan(line), line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "root@board:~# dmesg | grep -c 'Kernel panic - not syncing'",
        "'Kernel panic - not syncing'",
    })
    void theEchoOfATypedCommandIsNotADeath(String echoedLine) {
        RecentlySent sent = new RecentlySent();
        sent.add("printf '%s%s\\n' __HIL _B1; dmesg | grep -c 'Kernel panic - not syncing'; printf x\n");
        DeathWatch watch = new DeathWatch(sent);
        char[] text = (echoedLine + "\n").toCharArray();
        assertNull(watch.scan(text, 0, text.length, DEFAULTS));
        char[] real = "[ 9.1] Kernel panic - not syncing: Fatal exception\n".toCharArray();
        assertEquals("Kernel panic - not syncing", watch.scan(real, 0, real.length, DEFAULTS).pattern().pattern());
    }

    private static DeathWatch.Sighting scan(String line) {
        char[] text = (line + "\n").toCharArray();
        return new DeathWatch(new RecentlySent()).scan(text, 0, text.length, DEFAULTS);
    }
}
