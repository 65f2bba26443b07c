package dev.hilfarm.image.format;


import dev.hilfarm.board.exec.HostCommand;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the real tools the formats are checked against ({@code hil setup} installs them). */
final class HostTool {
    private HostTool() {
    }

    static HostCommand.Result run(String... argv) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SOURCE_DATE_EPOCH", "1700000000");
        env.put("TZ", "UTC");
        env.put("MTOOLS_SKIP_CHECK", "1");
        return HostCommand.of(List.of(argv)).environment(env).timeout(Duration.ofMinutes(2)).run();
    }

    static String ok(String... argv) {
        HostCommand.Result r = run(argv);
        if (r.exitStatus() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + r.exitStatus() + ":\n" + r.stdout() + r.stderr());
        }
        return r.stdout() + r.stderr();
    }
}
