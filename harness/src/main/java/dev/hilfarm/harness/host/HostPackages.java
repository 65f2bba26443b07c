package dev.hilfarm.harness.host;

import dev.hilfarm.board.exec.HostCommand;
import dev.hilfarm.board.exec.ToolMissingException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Makes sure the Debian packages a run needs are installed. As root, a missing package is
 * installed with apt-get (saying so in one line); otherwise, or with HIL_NO_INSTALL=1, the run
 * stops with one line naming the package to install.
 */
public final class HostPackages {
    private final PrintStream out;
    private boolean listsUpdated;

    public HostPackages(PrintStream out) {
        this.out = out;
    }

    /** Ensures the command {@code tool} is on PATH, installing {@code debianPackage} if allowed. */
    public void require(String tool, String debianPackage, String neededFor) {
        ensure(() -> HostCommand.ToolLocator.find(tool).isPresent(), tool, debianPackage, neededFor);
    }

    /** Ensures a file a package ships (a library rather than a command) exists. */
    public void requireFile(String path, String debianPackage, String neededFor) {
        ensure(() -> Files.exists(Path.of(path)), path, debianPackage, neededFor);
    }

    private void ensure(BooleanSupplier present, String what, String debianPackage, String neededFor) {
        if (present.getAsBoolean()) {
            return;
        }
        if (!installAllowed()) {
            throw new ToolMissingException(what, debianPackage);
        }
        out.println("hil: installing Debian package " + debianPackage + " (" + neededFor + ") with apt-get…");
        HostCommand.Result result = install(debianPackage);
        if (result.exitStatus() != 0 && !listsUpdated) {
            // A fresh machine has no package lists yet; fetch them once and try again.
            listsUpdated = true;
            command("update").run();
            result = install(debianPackage);
        }
        if (result.exitStatus() != 0 || !present.getAsBoolean()) {
            throw new ToolMissingException(what, debianPackage);
        }
    }

    private HostCommand.Result install(String debianPackage) {
        return command("install", "-y", "--no-install-recommends", debianPackage).run();
    }

    private static HostCommand command(String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "apt-get";
        argv[1] = "-q";
        System.arraycopy(args, 0, argv, 2, args.length);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        return HostCommand.of(argv).environment(env).timeout(Duration.ofMinutes(15));
    }

    private static boolean installAllowed() {
        if ("1".equals(System.getenv("HIL_NO_INSTALL"))) {
            return false;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        return root && HostCommand.ToolLocator.find("apt-get").isPresent();
    }
}
