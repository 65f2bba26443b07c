package dev.hilfarm.harness.cli;

import dev.hilfarm.board.ProfileException;
import dev.hilfarm.board.UnknownBoardException;
import dev.hilfarm.board.exec.HostCommandException;
import dev.hilfarm.harness.failure.InfrastructureException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code hil} command line. Exit status: 0 success, 1 test failures, 2 infrastructure failure
 * or bad input (unknown board, missing tool, malformed profile, missing image, port in use), which
 * is always reported in one line starting with "hil: ".
 */
@Command(name = "hil", mixinStandardHelpOptions = true, version = "hilfarm 0.1.0",
        description = "Hardware-in-the-loop test harness for ARM Cortex-A8/A9 boards.",
        subcommands = {BoardsCommand.class, TargetsCommand.class, ImagesCommand.class, ImageCommand.class, SetupCommand.class,
                RunCommand.class, EmulateCommand.class, LockstepCommand.class, BenchCommand.class,
                UdevRulesCommand.class, FarmCommand.class, FlashCommand.class})
public final class Hil implements Runnable {
    public static final int EXIT_INFRASTRUCTURE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit status (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Hil());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("hil: " + oneLine(e));
            err.flush();
            return EXIT_INFRASTRUCTURE;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("hil: " + e.getMessage() + " (see: hil " + e.getCommandLine().getCommandName() + " --help)");
            err.flush();
            return EXIT_INFRASTRUCTURE;
        });
        return cli.execute(args);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        boolean expected = e instanceof InfrastructureException || e instanceof ProfileException
                || e instanceof UnknownBoardException || e instanceof HostCommandException
                || e instanceof IllegalArgumentException || e instanceof dev.hilfarm.image.ImageCacheException
                || e instanceof dev.hilfarm.emulator.machine.InvalidImageException
                || e instanceof dev.hilfarm.image.format.ImageFormatException
                || e instanceof dev.hilfarm.board.fdt.DeviceTreeFormatException
                || e instanceof dev.hilfarm.image.recipe.RecipeBuildException
                || e instanceof dev.hilfarm.image.hypervisor.HypervisorBuildException;
        String first = message.lines().findFirst().orElse(message);
        return expected ? first : first + " (" + e.getClass().getName() + ")";
    }
}
