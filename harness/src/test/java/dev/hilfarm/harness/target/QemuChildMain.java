package dev.hilfarm.harness.target;

import dev.hilfarm.board.BoardProfile;
import dev.hilfarm.harness.console.ConsoleSettings;
import dev.hilfarm.harness.console.Transcript;
import dev.hilfarm.harness.session.TargetSession;
import dev.hilfarm.harness.testboard.TestBoards;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The JVM that {@link QemuNoOrphansTest} kills: powers on a vexpress-a9 QemuTarget, prints
 * {@code QEMU_LAUNCHER=<argv[0]>} and {@code QEMU_PID=<pid>} and waits to be killed. It never closes the target itself, so only
 * QemuProcess's own safeguards can stop QEMU. Gives up after {@code args[1]} seconds so that a test
 * that fails before killing it leaves nothing behind for long.
 */
public final class QemuChildMain {
    public static final String PID_LINE = "QEMU_PID=";
    /** The program QemuProcess launched: setpriv when it could arm the parent-death signal. */
    public static final String LAUNCHER_LINE = "QEMU_LAUNCHER=";

    private QemuChildMain() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long lifetimeSeconds = Long.parseLong(args[1]);
        BoardProfile vexpress = TestBoards.vexpressA9();
        QemuTarget target = new QemuTarget(vexpress, TargetSession.directBootImages(vexpress), work,
                ConsoleSettings.defaults().withShellPrompt(Pattern.compile(vexpress.linux().shellPrompt())),
                Transcript.inMemory(), 1);
        target.powerOn();
        System.out.println(LAUNCHER_LINE + target.process().argv().get(0));
        System.out.println(PID_LINE + target.process().pid());
        System.out.flush();
        Thread.sleep(lifetimeSeconds * 1000);
        System.exit(3);
    }
}
